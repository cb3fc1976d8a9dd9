// The entities Edge's `{{ }}` writes (he.escape), so that text escaped here is the text a template
// prints: error pages use it, and `assertSee()` looks for it.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;' }

/** Escapes text for HTML content and attribute values, as Edge does. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ENTITIES[char] as string)
}
