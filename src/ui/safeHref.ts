/**
 * A link target only when the browser would follow it as an http(s) URL:
 * absolute, or relative to the page (`#/notes/N2`, `?id=N2`, `notes/N2`,
 * `/notes/N2`); any other scheme (`javascript:`, `data:`) gives no link.
 */
export function safeHref(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    // Parsed as the browser parses an href (stripped spaces, removed tabs and newlines), against an http base.
    return /^https?:$/.test(new URL(value, 'http://x/').protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}
