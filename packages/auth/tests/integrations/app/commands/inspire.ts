import { Command } from 'mortar'

const QUOTES = [
  'Simplicity is prerequisite for reliability. — Edsger W. Dijkstra',
  'Make it work, make it right, make it fast. — Kent Beck',
  'The best way to get a project done faster is to start sooner. — Jim Highsmith',
]

export class Inspire extends Command {
  static signature = 'inspire {--all : print every quote}'
  static description = 'Print an inspiring quote'

  async handle() {
    const quotes = this.option('all') ? QUOTES : [QUOTES[Math.floor(Math.random() * QUOTES.length)]]
    for (const quote of quotes) this.info(quote as string)
  }
}
