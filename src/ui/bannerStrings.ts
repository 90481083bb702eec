import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** The strings the page's always-loaded UI uses (stale banner, notices). @internal */
export type BannerStrings = Pick<
  ConflictKitStrings,
  'formatTime' | 'absent' | 'staleMessage' | 'deletedMessage' | 'reviewChanges'
  | 'loadLatest' | 'keepEditing' | 'field' | 'before' | 'now'
  | 'noChanges' | 'loadingLatest' | 'latestUnavailable'
  | 'dismiss' | 'noticesLabel' | 'notice'
>;

const byAt = (by: string | undefined, when: string | undefined): string =>
  (by ? ` by ${by}` : '') + (when ? ` at ${when}` : '');

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
  absent: '(removed)',
  staleMessage: (by, when) => `This record changed since you opened it${byAt(by, when)}.`,
  deletedMessage: 'This record was deleted since you opened it.',
  reviewChanges: 'Review changes',
  loadLatest: 'Load latest',
  keepEditing: 'Keep editing',
  field: 'Field',
  before: 'When you opened it',
  now: 'Now',
  noChanges: 'No field differences are known yet.',
  loadingLatest: 'Loading the latest version…',
  latestUnavailable: "The latest version couldn't be loaded. Load latest to see it.",
  dismiss: 'Dismiss',
  noticesLabel: 'Conflict notices',
  notice: (notice, when) => {
    switch (notice.kind) {
      case 'auto-merged':
        return `Merged with changes made${byAt(notice.changedBy, when)}.`;
      case 'saved':
        return 'Saved.';
      case 'replayed':
        return 'Already saved earlier; nothing was sent twice.';
      default:
        return notice.kind satisfies never;
    }
  },
};
