/**
 * A string of HTML that templates print as it is (`{{ value }}` does not escape it). Made by
 * `html()`; once Edge is loaded it is one of Edge's own safe values.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value
  }
}

/**
 * Marks a string as safe HTML, so `{{ }}` prints it without escaping: what a package helper
 * returns when it builds markup, without importing edge.js. Escape what you put inside it.
 *
 * @example
 * app.views.global('badge', (text: string) => html(`<span class="badge">${escapeHtml(text)}</span>`))
 */
export function html(value: string): SafeHtml {
  return new SafeHtml(String(value))
}

/**
 * Edge leaves a value unescaped when it is an instance of its internal SafeValue class, which
 * it does not export. Putting that class's prototype under SafeHtml's makes every SafeHtml (made
 * before or after Edge loaded) pass that check.
 */
export function adoptEdgeSafeValue(edgeSafe: (value: string) => object): void {
  const edgePrototype = Object.getPrototypeOf(edgeSafe(''))
  if (edgePrototype !== Object.prototype && !(SafeHtml.prototype instanceof edgePrototype.constructor)) {
    Object.setPrototypeOf(SafeHtml.prototype, edgePrototype)
  }
}
