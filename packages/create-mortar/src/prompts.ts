import * as clack from '@clack/prompts'

/** Asks only when there is a terminal and the user did not pass `--yes`; otherwise takes the default. */
export class Asker {
  constructor(readonly interactive: boolean) {}

  async text(message: string, fallback: string, validate?: (value: string) => string | undefined): Promise<string> {
    if (!this.interactive) return fallback
    const answer = await clack.text({
      message,
      placeholder: fallback,
      defaultValue: fallback,
      validate: (value) => validate?.(value || fallback),
    })
    return this.#unwrap<string>(answer) || fallback
  }

  async select<T extends string>(message: string, options: { value: T; label: string }[], fallback: T): Promise<T> {
    if (!this.interactive) return fallback
    const answer = await clack.select({ message, options: options as never, initialValue: fallback })
    return this.#unwrap<T>(answer as T | symbol)
  }

  async multiselect<T extends string>(message: string, options: { value: T; label: string }[], fallback: T[]): Promise<T[]> {
    if (!this.interactive) return fallback
    const answer = await clack.multiselect({ message, options: options as never, initialValues: fallback, required: false })
    return this.#unwrap<T[]>(answer as T[] | symbol)
  }

  #unwrap<T>(answer: T | symbol): T {
    if (clack.isCancel(answer)) {
      clack.cancel('Cancelled: nothing was written.')
      process.exit(1)
    }
    return answer as T
  }
}
