import { requireAppRoot } from '../../app/app_root.js'
import { MortarError } from '../../errors.js'
import { generateAppKey, keyBytes, readEnvValue, writeEnvValue } from '../../security/app_key.js'
import { Command } from '../command.js'

/** `craft key:generate`: writes a new random APP_KEY into `.env`, never replacing one without --force. */
export class KeyGenerate extends Command {
  static override signature =
    'key:generate {--force : replace the existing key (everyone is logged out)} {--show : print the key instead of writing it}'
  static override description = 'Set APP_KEY in .env to a new random key'

  async handle() {
    const key = generateAppKey()
    if (this.option('show')) {
      this.line(key)
      return
    }
    const root = requireAppRoot(this.root, 'key:generate')
    const existing = readEnvValue(root, 'APP_KEY')
    if (existing && !this.option('force')) {
      throw new MortarError('E_APP_KEY_EXISTS', '.env already has an APP_KEY; replacing it makes every cookie and session unreadable', {
        hint: keyBytes(existing)
          ? 'Add --force to replace it; to keep sessions, move the old key to APP_PREVIOUS_KEYS first.'
          : 'The key there is too short: run `craft key:generate --force`.',
      })
    }
    writeEnvValue(root, 'APP_KEY', key)
    this.info('Wrote a new APP_KEY to .env.')
  }
}
