import { isRecord } from '../core/readers/bodyMembers';

const isUrl = (value: string): boolean => /^https?:\/\//i.test(value) || value.startsWith('/');

function lastSegment(url: string): string | undefined {
  const path = url.replace(/^https?:\/\/[^/]*/i, '').replace(/[?#].*$/s, '');
  const segment = path.split('/').filter((part) => part !== '').at(-1);
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // A malformed escape: show it as it came.
  }
}

/**
 * How to name an existing resource for people: the `id` its representation
 * carries, else the last path segment of a URL (`/api/orders/O-1004` →
 * `O-1004`), else the id as the server gave it (`orders/2026-88421`), else
 * the last segment of the app's own link to it.
 */
export function existingLabel(existing: string | undefined, current: unknown, href?: string): string | undefined {
  if (isRecord(current)) {
    const id = current['id'];
    if ((typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id))) return String(id);
  }
  if (existing !== undefined && existing !== '') return isUrl(existing) ? (lastSegment(existing) ?? existing) : existing;
  return href !== undefined && isUrl(href) ? lastSegment(href) : undefined;
}
