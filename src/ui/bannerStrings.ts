import { readablePath } from '../react/readablePath';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** The strings the page's always-loaded UI uses (stale banner, notices). @internal */
export type BannerStrings = Pick<
  ConflictKitStrings,
  'formatTime' | 'formatDate' | 'personName' | 'fieldLabel' | 'absent' | 'empty' | 'staleMessage' | 'deletedMessage' | 'reviewChanges'
  | 'loadLatest' | 'keepEditing' | 'field' | 'before' | 'now'
  | 'noChanges' | 'loadingLatest' | 'latestUnavailable'
  | 'dismiss' | 'noticesLabel' | 'notice'
>;

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The English defaults of the stale banner and the notices, apart from the
 * dialogs' so the page's first load does not carry the dialogs' strings.
 * @internal
 */
export const bannerStrings: BannerStrings = {
  formatTime: (ms) => {
    const date = new Date(ms);
    const today = new Date().toDateString() === date.toDateString();
    return new Intl.DateTimeFormat(undefined, today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  },
  formatDate: (ms) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms),
  personName: (id) => id,
  fieldLabel: readablePath,
  absent: '(none)',
  empty: '(empty)',
  staleMessage: (by, when) => `${by ?? 'Someone'} changed this record${when ? ` at ${when},` : ''} after you opened it.`,
  deletedMessage: 'Someone deleted this record after you opened it.',
  reviewChanges: 'Review changes',
  loadLatest: 'Load latest',
  keepEditing: 'Keep editing',
  field: 'Field',
  before: 'When you opened it',
  now: 'Now',
  noChanges: 'None of the fields shown here changed.',
  loadingLatest: 'Loading the latest version…',
  latestUnavailable: "Couldn't load the latest version to compare. Load latest to see it.",
  dismiss: 'Dismiss',
  noticesLabel: 'Conflict notices',
  notice: (notice, when, fields) => {
    switch (notice.kind) {
      case 'auto-merged': {
        const whose = notice.changedBy ? `${notice.changedBy}'s` : "someone else's";
        const what = fields.length === 0 ? 'changes to this record' : `${fields.length === 1 ? 'change' : 'changes'} to ${listOf(fields)}`;
        return `Your changes are saved, together with ${whose} ${what}${when ? ` (made at ${when})` : ''}.`;
      }
      case 'replayed':
        return 'This had already gone through, so repeating it changed nothing.';
      default:
        return notice.kind satisfies never;
    }
  },
};
