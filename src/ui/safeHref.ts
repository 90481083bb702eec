/**
 * A link target from server-supplied text only when it is an http(s) URL or
 * a same-origin path; anything else (`javascript:`, `data:`) is shown as text.
 */
export function safeHref(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\/(?!\/)/.test(value)) return value;
  return /^https?:\/\//i.test(value) ? value : undefined;
}
