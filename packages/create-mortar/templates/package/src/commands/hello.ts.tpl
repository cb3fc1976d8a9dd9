import { Command{{#if config}}, config{{/if}} } from 'mortar'

/** `npx craft __name__:hello [name] [--shout]`: a command this package adds to every app that installs it. */
export class HelloCommand extends Command {
  static override signature = '__name__:hello {name? : who to greet} {--shout : greet in capitals}'
  static override description = 'Say hello from the __name__ package'

  async handle() {
    const greeting = {{#if config}}config<string>('__name__.greeting'){{else}}'Hello from __title__'{{/if}}
    const line = `${greeting}, ${this.argument('name') ?? 'world'}!`
    this.info(this.option('shout') ? line.toUpperCase() : line)
  }
}
