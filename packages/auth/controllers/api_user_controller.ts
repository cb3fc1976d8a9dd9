import type { HttpContext } from 'mortar'
import { publicUser, type User } from '../src/users.js'

/** The API's view of who is calling. */
export class ApiUserController {
  /** GET /api/user (behind `auth`): the user, and the abilities of the token used. */
  show(ctx: HttpContext) {
    const token = ctx.auth.token
    return { data: publicUser(ctx.auth.user as User), token: token ? { id: token.id, name: token.name, abilities: token.abilities } : null }
  }
}
