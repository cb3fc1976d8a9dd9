/** `my-blog` → `My Blog`. */
export function titleCase(name: string): string {
  return name
    .replace(/^@[^/]+\//, '')
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ')
}

/** A valid npm package name made from a folder name. */
export function npmName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._~/@-]+/g, '-')
      .replace(/^[-._]+|[-.]+$/g, '') || 'mortar-app'
  )
}

/** Validates an npm package name; returns an error message or undefined. */
export function npmNameProblem(name: string): string | undefined {
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
    return `"${name}" is not a valid npm package name (lower-case letters, digits, - . _ ~, optionally @scope/)`
  }
  if (name.length > 214) return 'npm package names are at most 214 characters'
  return undefined
}
