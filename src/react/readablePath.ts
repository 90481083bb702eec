import type { JsonPathSegment } from '../core/jsonPath';

/** Short words people write in capitals inside a field name. */
const ACRONYMS = new Set(['id', 'url', 'uri', 'sku', 'vat', 'api', 'ip', 'eta', 'iban', 'pdf']);

function words(segment: string): string {
  const spaced = segment
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.\s$]+/g, ' ')
    .trim();
  if (spaced === '') return segment;
  return spaced
    .split(' ')
    .map((word, i) => {
      if (ACRONYMS.has(word.toLowerCase())) return word.toUpperCase();
      // A word already in capitals (HTTP, EU) stays so.
      if (word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word)) return word;
      const lower = word.toLowerCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

/**
 * A field's path for people: `['first']` → "First", `['address', 'city']` →
 * "Address › City", `dueDate` / `due_date` → "Due date", `externalId` →
 * "External ID"; array positions count from 1 (`['items', 0, 'quantity']` →
 * "Items › 1 › Quantity"); the empty path is "Whole record". The default
 * label of the dialogs, the stale banner's review and the duplicate prompt;
 * an app's own `label` wins.
 */
export function readablePath(path: readonly JsonPathSegment[]): string {
  if (path.length === 0) return 'Whole record';
  return path.map((segment) => (typeof segment === 'number' ? String(segment + 1) : words(segment))).join(' › ');
}
