import { mergeRecords, type RecordMergeOptions, type StaleConflict } from '../../src/core/index';
import type { MergeRequest } from '../../src/react/index';
import { prng } from '../../test/support/prng';

/** The conflict a stale PUT of a ticket classifies as (412 after If-Match). */
export const staleTicketPut: StaleConflict = { kind: 'stale', status: 412, source: 'status', method: 'PUT', url: '/api/tickets/T-1001' };

/**
 * A merge request as the hooks build it: the three sides and the real
 * `mergeRecords` result, never a hand-written one.
 */
export function mergeRequest<T>(
  sides: { readonly base: T; readonly mine: T; readonly theirs: T },
  options: RecordMergeOptions = {},
  extra: Partial<Omit<MergeRequest<T>, 'base' | 'mine' | 'theirs' | 'merge'>> = {},
): MergeRequest<T> {
  const { base, mine, theirs } = sides;
  return {
    key: 'tickets/T-1001',
    conflict: staleTicketPut,
    base,
    mine,
    theirs,
    merge: mergeRecords(base, mine, theirs, options),
    ...extra,
  };
}

const WORDS = ['invoice', 'customer', 'region', 'total', 'refund', 'ledger', 'tax', 'payment', 'account', 'report'];

/** A runbook-like line; blank lines repeat, as in real documents. */
function line(rnd: () => number, n: number): string {
  if (rnd() < 0.1) return '';
  const w = (): string => WORDS[Math.floor(rnd() * WORDS.length)]!;
  return `${n}. Check the ${w()} ${w()} for ${w()} ${Math.floor(rnd() * 10_000)} before closing.`;
}

/**
 * A `lines`-line document with both sides editing about one line in a
 * hundred; every `conflictEvery`-th edit of mine lands on a line theirs
 * edited too, so the merge keeps that many conflicting hunks.
 */
export function largeDocument(lines: number, seed = 7, conflictEvery = 10): { base: string; mine: string; theirs: string } {
  const rnd = prng(seed);
  const base = Array.from({ length: lines }, (_, i) => line(rnd, i + 1));
  const mine = [...base];
  const theirs = [...base];
  let edits = 0;
  for (let i = 50; i < lines - 50; i += 97) {
    edits += 1;
    mine[i] = `${base[i]} (mine: double-checked)`;
    if (edits % conflictEvery === 0) theirs[i] = `${base[i]} (theirs: escalate to finance)`;
    else theirs[i + 40] = `${base[i + 40]} (theirs: updated)`;
  }
  return { base: base.join('\n') + '\n', mine: mine.join('\n') + '\n', theirs: theirs.join('\n') + '\n' };
}

/** A record with `fields` fields, every one changed differently on both sides (the worst case: one conflict per field). */
export function wideRecord(fields: number): { base: Record<string, string>; mine: Record<string, string>; theirs: Record<string, string> } {
  const base: Record<string, string> = {};
  const mine: Record<string, string> = {};
  const theirs: Record<string, string> = {};
  for (let i = 0; i < fields; i += 1) {
    const key = `field${String(i + 1).padStart(4, '0')}`;
    base[key] = `value ${i + 1}`;
    mine[key] = `value ${i + 1} (mine)`;
    theirs[key] = `value ${i + 1} (theirs)`;
  }
  return { base, mine, theirs };
}
