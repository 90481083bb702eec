import { readablePath } from '../react/readablePath';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** "A", "A and B", "A, B and C". */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const humanize = (value: string): string => value.replace(/[_-]+/g, ' ');
const at = (when: string | undefined): string => (when ? ` at ${when}` : '');

/** The English defaults. */
export const defaultStrings: ConflictKitStrings = {
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
  staleMessage: (by, when, tab) =>
    `${by ? `${by} changed this record` : tab ? 'This record was changed' : 'Someone changed this record'}${tab ? ' in another tab' : ''}${when ? ` at ${when},` : ''} after you opened it.`,
  deletedMessage: 'Someone deleted this record after you opened it.',
  reviewChanges: 'Review changes',
  loadLatest: 'Load latest',
  keepEditing: 'Keep editing',
  discardWarning: 'Loading the latest version discards your unsaved changes.',
  discardChanges: 'Discard my changes',
  field: 'Field',
  before: 'Before',
  now: 'Now',
  noChanges: 'None of the fields shown here changed.',
  loadingLatest: 'Loading the latest version…',
  latestUnavailable: "Couldn't load the latest version to compare. Load latest to see it.",
  dismiss: 'Dismiss',
  noticesLabel: 'Conflict notices',
  notice: (notice, when, fields) => {
    switch (notice.kind) {
      case 'auto-merged': {
        const { changedBy: by, inOtherTab: tab } = notice;
        const whose = by ? `${by}'s` : tab ? "another tab's" : "someone else's";
        const what = fields.length === 0 ? 'changes to this record' : `${fields.length === 1 ? 'change' : 'changes'} to ${listOf(fields)}`;
        return `Your changes are saved, together with ${whose} ${what}${by && tab ? ' from another tab' : ''}${when ? ` (made at ${when})` : ''}.`;
      }
      case 'replayed':
        return 'This had already gone through, so repeating it changed nothing.';
      default:
        return notice.kind satisfies never;
    }
  },
  mergeTitle: 'Resolve editing conflict',
  mergeDescription: (by, when, tab) =>
    `${by ?? (tab ? 'Another tab' : 'Someone else')} saved changes to this record${by && tab ? ' in another tab' : ''}${at(when)} while you were editing it${tab ? ' here' : ''}. Choose what to keep for each conflict below; nothing is saved until you do.`,
  progress: (resolved, total) => `${resolved} of ${total} ${total === 1 ? 'conflict' : 'conflicts'} resolved`,
  previous: 'Previous conflict',
  next: 'Next conflict',
  copyMine: 'Copy my version',
  copied: 'Copied. You can paste it anywhere.',
  copyFailed: "Couldn't copy automatically. Select the text below and copy it yourself.",
  save: 'Save merged version',
  cancel: 'Cancel',
  original: 'Original',
  yourVersion: 'Your version',
  theirVersion: 'Their version',
  result: 'Result',
  keepMine: 'Keep yours',
  keepTheirs: 'Keep theirs',
  keepBoth: 'Keep both',
  keepBothHint: 'Puts your text and theirs one after the other.',
  useSuggestion: 'Combine both edits',
  useSuggestionHint: 'Applies your changes and theirs together, in one text.',
  keepOriginal: 'Keep original',
  edit: 'Edit',
  chooseFor: (label) => `Choose for ${label}`,
  hunkLabel: (label, n, count) => `${label}, conflict ${n} of ${count}`,
  editLabel: (label) => `Your edit of ${label}`,
  invalidJson: (message) => `Not valid JSON: ${message}. Write numbers as 42, text in "quotes".`,
  unresolved: 'Not chosen yet',
  collapsed: (lines, merged) => `${lines} ${merged ? 'lines without conflict' : 'unchanged lines'}`,
  duplicateTitle: 'Already created',
  duplicateDescription: "Your request didn't create anything new.",
  duplicateServerSaid: (message) => `The server said: “${message}”`,
  existing: 'It already exists:',
  duplicateCreated: (by, when) => (by ? `Created by ${by}${at(when)}.` : when ? `Created${at(when)}.` : ''),
  duplicateDiffers: 'What you entered differs from it:',
  duplicateMatches: 'What you entered matches it.',
  youEntered: 'You entered',
  existingValue: 'Existing',
  viewExisting: 'View existing',
  transitionTitle: (attempted) => `“${humanize(attempted)}” is no longer possible`,
  transitionDescription: (state, by, when) => {
    if (state === undefined) return "This can't be done from the record's current state, so nothing was changed.";
    const changed = by ? ` ${by} changed it${at(when)}.` : '';
    return `This record is now ${state}.${changed} Nothing was changed by your action.`;
  },
  transitionDoneTitle: (state) => `Already ${state}`,
  transitionDoneDescription: (by, when) =>
    `${by ? `${by} did this${at(when)}` : 'This was already done'}, so nothing was done again.`,
  stillAllowed: 'You can still:',
  noTransitions: 'Nothing else can be done with it now.',
  transitionLabel: humanize,
  stateLabel: humanize,
  confirmTransition: (label) => `${label}? This can't be undone.`,
  confirmBack: 'Go back',
  close: 'Close',
  deletedTitle: 'This record was deleted',
  deletedDescription: "Someone deleted this record while you were editing it, so your changes couldn't be saved.",
  unknownTitle: "Your change couldn't be saved",
  unknownDescription: 'Your change was turned down without an explanation this page can show.',
  serverSaid: (message) => `Your change was turned down. The server said: “${message}”`,
  reloadDiscards: 'Copy your version if you still need it: Reload discards it.',
  supportDetails: 'Details for support',
  requestId: (id) => `Request ID: ${id}`,
  traceId: (id) => `Trace ID: ${id}`,
  reasonCode: (reason) => `Reason code: ${reason}`,
  serverMessage: (message) => `Server message: ${message}`,
  copyDraft: 'Copy my version',
  reload: 'Reload',
};
