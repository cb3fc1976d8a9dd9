import { config } from 'mortar'

/** A path on this site to go back to after login; anything else (another host, `//x`, `/\x`) gives the home page. */
export function intendedPath(value: unknown): string {
  if (typeof value === 'string' && /^\/(?![/\\])/.test(value)) return value
  return config<string>('auth.home', '/')
}
