import { Command, config } from 'mortar'
import { errors } from '../errors.js'
import { publicUser, users } from '../users.js'

/** `craft auth:create-user [--name] [--email] [--password] [--verified]`: adds a user and prints it. */
export class CreateUserCommand extends Command {
  static override signature =
    'auth:create-user {--name= : the display name} {--email= : the login email} {--password= : the password} {--verified : mark the email as verified} {--json : print the user as JSON}'
  static override description = 'Create a user (asks for what the flags leave out, in a terminal)'

  async handle() {
    const name = await this.#value('name', 'Name:')
    const email = await this.#value('email', 'Email:')
    const password = await this.#value('password', 'Password:')
    const min = config<number>('auth.password_min_length', 8)
    if (!name.trim()) throw errors.E_AUTH_USER_INVALID('the name is empty')
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) throw errors.E_AUTH_USER_INVALID(`"${email}" is not an email address`)
    if (password.length < min) throw errors.E_AUTH_USER_INVALID(`the password is shorter than ${min} characters`)
    if (await users.findByEmail(email)) throw errors.E_AUTH_USER_INVALID(`a user with the email ${email.trim().toLowerCase()} exists`)
    const user = publicUser(await users.create({ name, email, password, verified: Boolean(this.option('verified')) }))
    if (this.option('json')) return this.line(JSON.stringify(user))
    this.info(`Created user #${user.id}: ${user.name} <${user.email}>${user.email_verified_at ? ' (verified)' : ''}`)
  }

  async #value(option: string, question: string): Promise<string> {
    const given = this.option<string | undefined>(option)
    if (given !== undefined) return given
    if (!this.interactive) throw errors.E_AUTH_USER_INVALID(`--${option} is missing (there is no terminal to ask)`)
    // A password typed at the terminal does not show as it is typed.
    return option === 'password' ? this.secret(question) : this.ask(question)
  }
}
