import { Command } from '../command.js'

/** `craft session:prune`: deletes expired sessions from the store (the database driver's table). */
export class SessionPrune extends Command {
  static override signature = 'session:prune'
  static override description = 'Delete expired sessions (idle or absolute lifetime over) from the session store'

  async handle() {
    const sessions = this.app.sessions
    const count = await sessions.prune()
    const driver = sessions.config.driver
    if (driver === 'redis' || driver === 'cookie') this.line(`The ${driver} driver expires sessions by itself; nothing to prune.`)
    else this.info(`Pruned ${count} expired session${count === 1 ? '' : 's'}.`)
  }
}
