import type { ConflictKitStrings } from './ConflictKitStringsProvider';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One field's value as people read it: text as it is, ISO dates and times in
 * the reader's locale, an empty value and a missing one named, anything else
 * as compact JSON.
 */
export function displayValue(value: unknown, strings: Pick<ConflictKitStrings, 'absent' | 'empty' | 'formatTime' | 'formatDate'>): string {
  if (value === undefined) return strings.absent;
  if (value === null || value === '') return strings.empty;
  if (typeof value === 'string') {
    if (DATE_TIME.test(value)) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return strings.formatTime(ms);
    }
    if (DATE.test(value)) {
      const ms = Date.parse(`${value}T00:00:00Z`);
      if (!Number.isNaN(ms)) return strings.formatDate(ms);
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
