// `make npmrc` (or `npm run npmrc`): stores an npm token for the registry npm is configured with
// (`npm config get registry`) in the user's npmrc (`npm config get userconfig`: ~/.npmrc, or
// $NPM_CONFIG_USERCONFIG when set), readable by its owner only. The token comes from NPM_TOKEN
// (or NODE_AUTH_TOKEN, as CI names it), else from a prompt that does not echo. It is never printed.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const shell = process.platform === 'win32'
const npmConfig = (key) => execFileSync('npm', ['config', 'get', key], { encoding: 'utf8', shell }).trim()

const registry = new URL(npmConfig('registry'))
const registryPath = registry.pathname.endsWith('/') ? registry.pathname : `${registry.pathname}/`
// npm looks a token up by the registry URL without its protocol: //host[:port]/path/:_authToken
const key = `//${registry.host}${registryPath}:_authToken`
const configured = npmConfig('userconfig')
const file = existsSync(configured) ? realpathSync(configured) : configured

const token = (
  process.env.NPM_TOKEN ||
  process.env.NODE_AUTH_TOKEN ||
  (await askHidden(`npm token for ${registry.origin}${registryPath}: `))
).trim()
if (!token || /\s/.test(token)) {
  console.error('No token given (set NPM_TOKEN or type it at the prompt): nothing was written.')
  process.exit(1)
}

const lines = existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/) : []
const kept = lines.filter((line) => !(line.trimStart().startsWith(key) && /^\s*=/.test(line.trimStart().slice(key.length))))
while (kept.length > 0 && kept.at(-1) === '') kept.pop()
kept.push(`${key}=${token}`)

// Written beside the file and renamed over it, so a crash never leaves a half-written npmrc.
const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
try {
  writeFileSync(temp, `${kept.join('\n')}\n`, { mode: 0o600 })
  chmodSync(temp, 0o600)
  renameSync(temp, file)
} catch (error) {
  rmSync(temp, { force: true })
  throw error
}
console.log(`Saved the token for ${registry.origin}${registryPath} in ${file} (mode 0600).`)

/** Reads one line without echoing it; from a pipe (`echo "$TOKEN" | make npmrc`) when there is no terminal. */
function askHidden(question) {
  const input = process.stdin
  input.setEncoding('utf8')
  if (!input.isTTY) {
    return new Promise((resolve) => {
      let data = ''
      input.on('data', (chunk) => {
        data += chunk
      })
      input.on('end', () => resolve(data.split(/\r?\n/)[0] ?? ''))
    })
  }
  // Echo goes off before the prompt shows, so nothing typed after seeing it is ever echoed.
  input.setRawMode(true)
  process.stdout.write(question)
  input.resume()
  return new Promise((resolve) => {
    let answer = ''
    const finish = () => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stdout.write('\n')
    }
    const onData = (chunk) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish()
          resolve(answer)
          return
        }
        if (char === '\u0003') {
          finish()
          process.exit(130)
        }
        answer = char === '\u007f' || char === '\b' ? answer.slice(0, -1) : answer + char
      }
    }
    input.on('data', onData)
  })
}
