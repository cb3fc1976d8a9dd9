import { config, type HttpContext } from 'mortar'
import * as v from 'valibot'

// The forms' schemas, made per request so their messages speak the request's language.

function email(ctx: HttpContext) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty(ctx.t('auth:messages.email_required')),
    v.email(ctx.t('auth:messages.email_invalid')),
    v.maxLength(255),
  )
}

function newPassword(ctx: HttpContext) {
  const min = config<number>('auth.password_min_length', 8)
  return v.pipe(v.string(), v.minLength(min, ctx.t('auth:messages.password_short', { min })), v.maxLength(1000))
}

function name(ctx: HttpContext) {
  return v.pipe(v.string(), v.trim(), v.nonEmpty(ctx.t('auth:messages.name_required')), v.maxLength(255))
}

export const schemas = {
  login: (ctx: HttpContext) =>
    v.object({
      email: email(ctx),
      password: v.pipe(v.string(), v.nonEmpty(ctx.t('auth:messages.password_required'))),
      remember: v.optional(v.string()),
    }),

  register: (ctx: HttpContext) =>
    v.pipe(
      v.object({ name: name(ctx), email: email(ctx), password: newPassword(ctx), password_confirmation: v.string() }),
      v.forward(
        v.partialCheck(
          [['password'], ['password_confirmation']],
          (input) => input.password === input.password_confirmation,
          ctx.t('auth:messages.password_mismatch'),
        ),
        ['password_confirmation'],
      ),
    ),

  forgot: (ctx: HttpContext) => v.object({ email: email(ctx) }),

  reset: (ctx: HttpContext) =>
    v.pipe(
      v.object({ token: v.pipe(v.string(), v.nonEmpty()), password: newPassword(ctx), password_confirmation: v.string() }),
      v.forward(
        v.partialCheck(
          [['password'], ['password_confirmation']],
          (input) => input.password === input.password_confirmation,
          ctx.t('auth:messages.password_mismatch'),
        ),
        ['password_confirmation'],
      ),
    ),

  profile: (ctx: HttpContext) => v.object({ name: name(ctx), email: email(ctx) }),

  password: (ctx: HttpContext) =>
    v.pipe(
      v.object({ current_password: v.string(), password: newPassword(ctx), password_confirmation: v.string() }),
      v.forward(
        v.partialCheck(
          [['password'], ['password_confirmation']],
          (input) => input.password === input.password_confirmation,
          ctx.t('auth:messages.password_mismatch'),
        ),
        ['password_confirmation'],
      ),
    ),

  confirmDelete: (ctx: HttpContext) =>
    v.object({ password_for_deletion: v.pipe(v.string(), v.nonEmpty(ctx.t('auth:messages.password_required'))) }),

  token: (ctx: HttpContext) =>
    v.object({
      token_name: v.pipe(v.string(), v.trim(), v.nonEmpty(ctx.t('auth:messages.token_name_required')), v.maxLength(100)),
      abilities: v.optional(v.union([v.string(), v.array(v.string())])),
      expires_days: v.optional(
        v.pipe(
          v.string(),
          v.check((value) => value === '' || /^[1-9]\d{0,4}$/.test(value), ctx.t('auth:messages.expires_invalid')),
        ),
      ),
    }),
}
