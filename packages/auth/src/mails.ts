import { config, type HttpContext, mail } from 'mortar'
import { emailVerification } from './email_verification.js'
import { passwordResets } from './password_resets.js'
import type { User } from './users.js'

/** An absolute link (mail needs one), on `app.url`. */
export function absoluteUrl(ctx: HttpContext, path: string): string {
  const base = config<string>('app.url', ctx.url.origin)
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString()
}

/** Mails the user a password reset link. */
export async function sendResetLink(ctx: HttpContext, user: User): Promise<void> {
  const token = await passwordResets.create(user)
  const url = absoluteUrl(ctx, ctx.route('auth.password.reset', { token }))
  const minutes = config<number>('auth.reset_expires_minutes', 60)
  await mail.send({ to: user.email, subject: ctx.t('auth:emails.reset_subject'), view: 'auth:emails.reset', data: { user, url, minutes } })
}

/** Mails the user a link that verifies their email address. */
export async function sendVerificationLink(ctx: HttpContext, user: User): Promise<void> {
  const url = absoluteUrl(ctx, ctx.route('auth.verification.verify', { token: emailVerification.token(user) }))
  await mail.send({ to: user.email, subject: ctx.t('auth:emails.verify_subject'), view: 'auth:emails.verify', data: { user, url } })
}
