import { requireAppRoot } from '../../app/app_root.js'
import { generateAppKey, keyBytes, readEnvValue, writeEnvValue } from '../../security/app_key.js'
import { securityErrors } from '../../security/errors.js'
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
      throw securityErrors.E_APP_KEY_EXISTS(keyBytes(existing) !== undefined)
    }
    writeEnvValue(root, 'APP_KEY', key)
    this.info('Wrote a new APP_KEY to .env.')
  }
}
