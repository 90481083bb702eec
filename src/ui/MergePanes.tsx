import type { ReactNode } from 'react';
import type { JsonValue } from '../core/json';
import type { MergeChoice } from '../core/resolveMerge';
import type { MergeItem } from '../react/useMergeSession';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { wordDiff } from './wordDiff';

/** What a side shows: text as it is, other JSON pretty-printed, a missing value as the "absent" string. */
export function show(value: JsonValue | undefined, strings: ConflictKitStrings): string {
  if (value === undefined) return strings.absent;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The first line after a text hunk, shown under its result so the result is seen where it will sit. */
function nextLine(item: MergeItem): string | undefined {
  const hunks = item.conflict.text?.hunks;
  const after = item.hunk && hunks?.[hunks.indexOf(item.hunk) + 1];
  return after && after.kind !== 'conflict' && after.text !== '' ? after.text.split(/[\r\n]/)[0] : undefined;
}

/**
 * A side with its word-level changes against base highlighted. Line ends are
 * compared as LF: a CR that a textarea dropped (it gives LF only) is no edit,
 * and marking it would show a removed line break beside an added one.
 */
function highlighted(base: JsonValue | undefined, value: JsonValue | undefined, strings: ConflictKitStrings): ReactNode {
  if (typeof base !== 'string' || typeof value !== 'string' || base === value) return show(value, strings);
  return (
    wordDiff(lf(base), lf(value))?.map((segment, i) =>
      segment.op === 'add' ? <ins key={i}>{segment.text}</ins> : segment.op === 'remove' ? <del key={i}>{segment.text}</del> : segment.text,
    ) ?? value
  );
}

const lf = (text: string): string => text.replace(/\r\n/g, '\n');

/** Props of {@link MergePanes}. */
export interface MergePanesProps {
  readonly item: MergeItem;
  /** How the item is resolved so far ({@link resolutionOf}). */
  readonly resolution: Resolution;
  readonly preview: JsonValue | undefined;
  readonly strings: ConflictKitStrings;
}

/** The four panes of one merge item: original, yours and theirs (word changes marked), and the result. */
export function MergePanes({ item, resolution, preview, strings }: MergePanesProps): ReactNode {
  const following = nextLine(item);
  const resolved = resolution !== 'unresolved';
  const panes: Array<[side: string, title: string, content: ReactNode]> = [
    ['base', strings.original, show(item.base, strings)],
    ['mine', strings.yourVersion, highlighted(item.base, item.mine, strings)],
    ['theirs', strings.theirVersion, highlighted(item.base, item.theirs, strings)],
    [
      'result',
      strings.result,
      <>
        {resolved ? show(preview, strings) : strings.unresolved}
        {resolved && following !== undefined && (
          // Context only: the line the result runs into, dimmed, so a missing line break would show.
          <span className="ck-next-line" aria-hidden="true">
            {following}
          </span>
        )}
      </>,
    ],
  ];
  return (
    <div className="ck-panes">
      {panes.map(([side, title, content]) => (
        <div key={side} className="ck-pane" data-side={side} data-resolution={side === 'result' ? resolution : undefined}>
          <div className="ck-pane-title">{title}</div>
          <pre>{content}</pre>
        </div>
      ))}
    </div>
  );
}

/** How an item is resolved so far: unresolved, one of the sides, the suggestion, or a value of the user's own. */
export type Resolution = 'unresolved' | Exclude<MergeChoice, object> | 'suggestion' | 'custom';

/** The `data-resolution` of an item: how it is resolved so far, for styles and tests. */
export function resolutionOf(item: MergeItem, choice: MergeChoice | undefined): Resolution {
  if (choice === undefined) return 'unresolved';
  if (typeof choice !== 'object') return choice;
  return item.suggestion !== undefined && choice.custom === item.suggestion ? 'suggestion' : 'custom';
}
