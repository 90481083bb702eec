import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import type { ConflictNotice } from '../src/react/index';
import { defaultStrings, type ConflictKitStrings } from '../src/ui/index';
import '../src/ui/styles.css';
import { germanStrings } from './support/germanStrings';
import './support/story.css';

/**
 * Copy review: every message and every dialog state the kit can show, with
 * its text, in English and in German, in one place — for whoever writes or
 * reviews the words. Each row is built from the strings the components use,
 * with sample values; override any of them through `ConflictKitStringsProvider`.
 */
const meta = {
  title: 'Docs/Copy review',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Sample values, as the components pass them (names through personName, times through formatTime). */
const AT = Date.UTC(2026, 10, 25, 19, 37);
const notice = (extra: Partial<ConflictNotice>): ConflictNotice => ({ id: 'n', kind: 'auto-merged', ...extra });

interface Row {
  /** Where the text shows and in which situation. */
  readonly where: string;
  readonly text: (s: ConflictKitStrings) => string;
  /** Text for support, not for the person at the screen: may name technical details. */
  readonly support?: boolean;
}

interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
}

const sections: readonly Section[] = [
  {
    title: 'Merge dialog',
    rows: [
      { where: 'Title (its accessible name: keep "conflict")', text: (s) => s.mergeTitle },
      { where: 'Description: who changed it and when are known', text: (s) => s.mergeDescription(s.personName('Operator B'), s.formatTime(AT)) },
      { where: 'Description: nothing known about the other change', text: (s) => s.mergeDescription(undefined, undefined) },
      { where: 'Description: saved in another tab of this browser, when known', text: (s) => s.mergeDescription(undefined, s.formatTime(AT), true) },
      { where: 'Description: saved in another tab, who and when known', text: (s) => s.mergeDescription(s.personName('Operator B'), s.formatTime(AT), true) },
      { where: 'Progress', text: (s) => s.progress(1, 3) },
      { where: 'Toolbar', text: (s) => [s.previous, s.next, s.copyMine].join(' · ') },
      { where: 'After "Copy my version": copied / not possible', text: (s) => `${s.copied} / ${s.copyFailed}` },
      { where: 'Columns of a conflict', text: (s) => [s.original, s.yourVersion, s.theirVersion, s.result].join(' · ') },
      { where: 'Choices of a conflict', text: (s) => [s.keepMine, s.keepTheirs, s.keepBoth, s.useSuggestion, s.keepOriginal, s.edit].join(' · ') },
      { where: 'Under the choices: what "Keep both" and the suggestion do', text: (s) => `${s.keepBoth}: ${s.keepBothHint} / ${s.useSuggestion}: ${s.useSuggestionHint}` },
      { where: 'A conflict inside a long text', text: (s) => s.hunkLabel(s.fieldLabel(['description']), 2, 3) },
      { where: 'The edit box (its label)', text: (s) => s.editLabel(s.fieldLabel(['priority'])) },
      { where: 'An edit that is not a valid value', text: (s) => s.invalidJson('Unexpected token o') },
      { where: 'Result before a choice', text: (s) => s.unresolved },
      { where: 'A value that is not there / is empty', text: (s) => `${s.absent} / ${s.empty}` },
      { where: 'Folded lines between conflicts', text: (s) => `${s.collapsed(12, false)} / ${s.collapsed(4, true)}` },
      { where: 'Footer', text: (s) => [s.cancel, s.save].join(' · ') },
    ],
  },
  {
    title: 'Stale banner',
    rows: [
      { where: 'Changed: who and when known', text: (s) => s.staleMessage(s.personName('Operator B'), s.formatTime(AT)) },
      { where: 'Changed: only who', text: (s) => s.staleMessage(s.personName('Operator B'), undefined) },
      { where: 'Changed: only when', text: (s) => s.staleMessage(undefined, s.formatTime(AT)) },
      { where: 'Changed: nothing known', text: (s) => s.staleMessage(undefined, undefined) },
      { where: 'Changed in another tab: only when', text: (s) => s.staleMessage(undefined, s.formatTime(AT), true) },
      { where: 'Changed in another tab: who and when known', text: (s) => s.staleMessage(s.personName('Operator B'), s.formatTime(AT), true) },
      { where: 'Deleted', text: (s) => s.deletedMessage },
      { where: 'Actions on an edit page', text: (s) => [s.reviewChanges, s.loadLatest, s.keepEditing].join(' · ') },
      { where: 'Load latest with unsaved edits: the question and its answers', text: (s) => [s.discardWarning, s.keepEditing, s.discardChanges].join(' · ') },
      { where: 'Actions on a read-only page', text: (s) => [s.reviewChanges, s.loadLatest, s.dismiss].join(' · ') },
      { where: 'Review: columns', text: (s) => [s.field, s.before, s.now].join(' · ') },
      { where: 'Review: fetching the latest version', text: (s) => s.loadingLatest },
      { where: 'Review: the latest version could not be fetched', text: (s) => s.latestUnavailable },
      { where: 'Review: only hidden fields changed', text: (s) => s.noChanges },
    ],
  },
  {
    title: 'Notices',
    rows: [
      { where: 'Region label', text: (s) => s.noticesLabel },
      { where: 'Merged by itself: who, fields and when known', text: (s) => s.notice(notice({ changedBy: s.personName('Operator A') }), s.formatTime(AT), [s.fieldLabel(['status']), s.fieldLabel(['assignee'])]) },
      { where: 'Merged by itself: one field, no one named (records without updatedBy)', text: (s) => s.notice(notice({}), undefined, [s.fieldLabel(['assignee'])]) },
      { where: 'Merged by itself: nothing known', text: (s) => s.notice(notice({}), undefined, []) },
      { where: 'Merged by itself: the other change came from another tab', text: (s) => s.notice(notice({ inOtherTab: true }), s.formatTime(AT), [s.fieldLabel(['title'])]) },
      { where: 'A repeat the server recognised', text: (s) => s.notice(notice({ kind: 'replayed' }), undefined, []) },
      { where: 'Dismiss button', text: (s) => s.dismiss },
    ],
  },
  {
    title: 'Duplicate prompt',
    rows: [
      { where: 'Title (its accessible name: keep "already created")', text: (s) => s.duplicateTitle },
      { where: 'What exists (a link to it follows)', text: (s) => `${s.existing} O-1004` },
      { where: 'Who created it and when', text: (s) => s.duplicateCreated(s.personName('Operator A'), s.formatTime(AT)) },
      { where: 'Only when it was created', text: (s) => s.duplicateCreated(undefined, s.formatTime(AT)) },
      { where: "This person's request", text: (s) => s.duplicateDescription },
      { where: "The server's own words", text: (s) => s.duplicateServerSaid('A note with slug "groceries" already exists') },
      { where: 'Their input differs: heading and columns', text: (s) => [s.duplicateDiffers, s.field, s.youEntered, s.existingValue].join(' · ') },
      { where: 'Their input matches', text: (s) => s.duplicateMatches },
      { where: 'Buttons', text: (s) => [s.dismiss, s.viewExisting].join(' · ') },
    ],
  },
  {
    title: 'Transition dialog',
    rows: [
      { where: 'Refused (its accessible name: keep "can\'t" or "no longer")', text: (s) => s.transitionTitle('cancel') },
      { where: 'Refused: state, who and when known', text: (s) => s.transitionDescription(s.stateLabel('fulfilling'), s.personName('Operator B'), s.formatTime(AT)) },
      { where: 'Refused: only the state known', text: (s) => s.transitionDescription(s.stateLabel('fulfilling'), undefined, undefined) },
      { where: 'Refused: state unknown', text: (s) => s.transitionDescription(undefined, undefined, undefined) },
      { where: 'Already done (the goal is met): title', text: (s) => s.transitionDoneTitle(s.stateLabel('paid')) },
      { where: 'Already done: who and when known', text: (s) => s.transitionDoneDescription(s.personName('Operator B'), s.formatTime(AT)) },
      { where: 'Already done: nothing known', text: (s) => s.transitionDoneDescription(undefined, undefined) },
      { where: 'What is still possible', text: (s) => `${s.stillAllowed} ${[s.transitionLabel('ship'), s.transitionLabel('request_return')].join(' · ')}` },
      { where: 'Nothing is possible any more', text: (s) => s.noTransitions },
      { where: 'A destructive step asks first', text: (s) => `${s.confirmTransition(s.transitionLabel('cancel_order'))} ${s.confirmBack} · ${s.transitionLabel('cancel_order')}` },
      { where: 'Footer', text: (s) => s.close },
    ],
  },
  {
    title: 'Problem dialog',
    rows: [
      { where: 'Deleted while being edited', text: (s) => `${s.deletedTitle}. ${s.deletedDescription}` },
      { where: 'Refused without words for people', text: (s) => `${s.unknownTitle}. ${s.unknownDescription}` },
      { where: 'Refused with the server’s words', text: (s) => s.serverSaid('This note is locked by an admin') },
      { where: 'Under either, with the user’s version', text: (s) => s.reloadDiscards },
      { where: 'Buttons', text: (s) => [s.copyDraft, s.close, s.reload].join(' · ') },
      { where: 'Disclosure (also in the duplicate and transition dialogs)', text: (s) => s.supportDetails },
      { where: 'Inside it', text: (s) => [s.requestId('req_7f3a91c2'), s.traceId('4bf92f3577b34da6a3ce929d0e0e4736'), s.reasonCode('version_mismatch'), s.serverMessage('PUT /api/tickets/T-1001 answered 409')].join(' / '), support: true },
    ],
  },
];

/** Keys that are formatting or naming functions, not words on screen, and the one nothing shows. */
const NOT_COPY = new Set<keyof ConflictKitStrings>(['formatTime', 'formatDate', 'personName', 'fieldLabel', 'transitionLabel', 'stateLabel', 'chooseFor']);

/** The strings, recording which members the rows use, to prove the page leaves none out. */
function recording(strings: ConflictKitStrings, used: Set<string>): ConflictKitStrings {
  return new Proxy(strings, {
    get(target, key, receiver) {
      if (typeof key === 'string') used.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

function CopyReview() {
  return (
    <main className="story-copy-review">
      <h1>Copy review</h1>
      <p className="story-muted">
        Every message and dialog state, with sample names and times. Words for people who are busy and not technical: what happened to their work
        and what they can do. HTTP details only ever appear under "Details for support".
      </p>
      {sections.map((section) => (
        <section key={section.title} aria-labelledby={`copy-${section.title}`}>
          <h2 id={`copy-${section.title}`}>{section.title}</h2>
          <table className="ck-changes story-copy-table">
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">English</th>
                <th scope="col">German</th>
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row) => (
                <tr key={row.where} data-support={row.support ? '' : undefined}>
                  <th scope="row">{row.where}</th>
                  <td lang="en">{row.text(defaultStrings)}</td>
                  <td lang="de">{row.text(germanStrings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}

/** The whole page; its test checks that it shows every string, that the German is complete, and that no user-facing text names HTTP internals. */
export const AllMessages: Story = {
  render: () => <CopyReview />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { name: 'Copy review' })).toBeInTheDocument();

    // Every string a component shows is on this page.
    const used = new Set<string>();
    for (const row of sections.flatMap((section) => section.rows)) row.text(recording(defaultStrings, used));
    const missing = (Object.keys(defaultStrings) as Array<keyof ConflictKitStrings>).filter((key) => !NOT_COPY.has(key) && !used.has(key));
    await expect(missing).toEqual([]);

    // The German is complete: every cell translated.
    const rows = canvasElement.querySelectorAll('tbody tr');
    const untranslated = [...rows].filter((row) => row.querySelector('[lang="en"]')?.textContent === row.querySelector('[lang="de"]')?.textContent);
    await expect(untranslated.map((row) => row.querySelector('th')?.textContent)).toEqual([]);

    // No method, URL, header or status in what people read (the support disclosure excepted).
    const INTERNALS = /\b(GET|POST|PUT|PATCH|DELETE|HTTP|If-Match|If-None-Match|Idempotency|ETag|JSON pointer|409|412|428)\b|\/api\//;
    const leaks = [...rows]
      .filter((row) => !row.hasAttribute('data-support'))
      .flatMap((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''))
      .filter((text) => INTERNALS.test(text));
    await expect(leaks).toEqual([]);
  },
};
