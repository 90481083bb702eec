import { memo, useId, useState, type ReactNode } from 'react';
import type { JsonValue } from '../core/json';
import type { MergeChoice } from '../core/resolveMerge';
import type { MergeItem } from '../react/useMergeSession';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { wordDiff } from './wordDiff';

/** Props of {@link MergeItemRow}. */
export interface MergeItemRowProps {
  /** The decision to show. */
  readonly item: MergeItem;
  /** Its current choice, if any. */
  readonly choice: MergeChoice | undefined;
  /** What the item becomes with that choice. */
  readonly preview: JsonValue | undefined;
  /** Whether this is the item in focus of next/previous. */
  readonly current: boolean;
  /** Radio group name, unique in the document. */
  readonly name: string;
  /** DOM id of the row, for navigation. */
  readonly id: string;
  readonly strings: ConflictKitStrings;
  readonly onChoose: (itemId: string, choice: MergeChoice) => void;
  readonly onClear: (itemId: string) => void;
  readonly onAcceptSuggestion: (itemId: string) => void;
}

type Option = 'mine' | 'theirs' | 'both' | 'base' | 'suggestion' | 'edit';

function show(value: JsonValue | undefined, strings: ConflictKitStrings): string {
  if (value === undefined) return strings.absent;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * How an edit box's text becomes the value saved, and back. A text hunk is
 * whole lines: the box shows them without the last line's break, which the
 * value gets back on the way out, so replacing everything in the box can
 * never join the hunk's last line to the next one. A textarea gives its value
 * with LF line breaks only (HTML §4.10.11); CRLF text gets its CRLF back.
 */
interface EditFormat {
  /** The line break the value ends with ('' for the unterminated last line of a text). */
  readonly ending: string;
  /** The line break inside the value. */
  readonly eol: '\n' | '\r\n';
}

function editFormat(item: MergeItem, value: JsonValue | undefined): EditFormat | undefined {
  if (!item.textOnly) return undefined;
  const text = typeof value === 'string' ? value : '';
  const eol = item.hunk?.eol ?? (text.includes('\r\n') ? '\r\n' : '\n');
  if (!item.hunk) return { ending: '', eol };
  const hunks = item.conflict.text?.hunks ?? [];
  const last = hunks[hunks.length - 1] === item.hunk;
  const ending = text.endsWith('\r\n') ? '\r\n' : text.endsWith('\n') ? '\n' : text === '' && !last ? eol : '';
  return { ending, eol };
}

function toDraft(value: JsonValue | undefined, format: EditFormat | undefined): string {
  if (value === undefined) return '';
  if (!format || typeof value !== 'string') return JSON.stringify(value, null, 2);
  const lines = format.ending && value.endsWith(format.ending) ? value.slice(0, -format.ending.length) : value;
  return lines.replace(/\r\n/g, '\n');
}

function fromDraft(text: string, format: EditFormat): string {
  // An empty box removes the hunk's lines; anything else is whole lines again.
  const lines = format.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
  return lines === '' ? '' : lines + format.ending;
}

/** The first line after a text hunk, shown under its result so the result is seen where it will sit. */
function nextLine(item: MergeItem): string | undefined {
  const hunks = item.conflict.text?.hunks;
  if (!hunks || !item.hunk) return undefined;
  const after = hunks[hunks.indexOf(item.hunk) + 1];
  if (!after || after.kind === 'conflict') return undefined;
  const line = after.text.match(/^[^\r\n]*/)?.[0];
  return after.text === '' ? undefined : line;
}

/** One side with its word-level changes against base highlighted. */
function Highlighted({ base, value, strings }: { base: JsonValue | undefined; value: JsonValue | undefined; strings: ConflictKitStrings }): ReactNode {
  if (typeof base !== 'string' || typeof value !== 'string' || base === value) return show(value, strings);
  const segments = wordDiff(base, value);
  if (!segments) return value;
  return segments.map((segment, i) =>
    segment.op === 'add' ? <ins key={i}>{segment.text}</ins> : segment.op === 'remove' ? <del key={i}>{segment.text}</del> : segment.text,
  );
}

/**
 * One field or text hunk of a merge: the three sides, the result, and a
 * radio group to choose. Memoised: a choice re-renders only its own row, which
 * matters for records with a thousand conflicting fields.
 */
export const MergeItemRow = memo(function MergeItemRow({ item, choice, preview, current, name, id, strings, onChoose, onClear, onAcceptSuggestion }: MergeItemRowProps): ReactNode {
  const isCustom = typeof choice === 'object';
  const isSuggestion = isCustom && item.suggestion !== undefined && choice.custom === item.suggestion;
  const [editing, setEditing] = useState(isCustom && !isSuggestion);
  // Fixed when editing starts, from the value the box starts from.
  const [format, setFormat] = useState(() => editFormat(item, isCustom ? choice.custom : item.mine));
  const [draft, setDraft] = useState(() => (isCustom ? toDraft(choice.custom, format) : ''));
  const [error, setError] = useState<string>();
  const errorId = useId();
  const selected: Option | undefined = editing
    ? 'edit'
    : isSuggestion
      ? 'suggestion'
      : choice === 'mine' || choice === 'theirs' || choice === 'both' || choice === 'base'
        ? choice
        : undefined;

  const commit = (text: string, as: EditFormat | undefined = format): void => {
    setDraft(text);
    if (as) {
      setError(undefined);
      onChoose(item.id, { custom: fromDraft(text, as) });
      return;
    }
    try {
      onChoose(item.id, { custom: JSON.parse(text) as JsonValue });
      setError(undefined);
    } catch (cause) {
      setError(strings.invalidJson(cause instanceof Error ? cause.message : String(cause)));
      onClear(item.id);
    }
  };
  const select = (option: Option): void => {
    setEditing(option === 'edit');
    if (option === 'edit') {
      const start = preview ?? item.mine;
      const as = editFormat(item, start);
      setFormat(as);
      commit(toDraft(start, as), as);
    }
    else if (option === 'suggestion') onAcceptSuggestion(item.id);
    else onChoose(item.id, option);
  };

  const options: Array<[Option, string]> = [
    ['mine', strings.keepMine],
    ['theirs', strings.keepTheirs],
  ];
  if (item.canKeepBoth) options.push(['both', strings.keepBoth]);
  if (item.suggestion !== undefined) options.push(['suggestion', strings.useSuggestion]);
  options.push(['base', strings.keepOriginal], ['edit', strings.edit]);
  const tabbable = selected ?? 'mine';
  const following = nextLine(item);
  const legend = item.hunk ? strings.hunkLabel(item.label, item.hunkNumber ?? 1, item.hunkCount ?? 1) : item.label;
  const resolution = choice === undefined ? 'unresolved' : isSuggestion ? 'suggestion' : isCustom ? 'custom' : choice;

  return (
    // The current conflict's group takes the dialog's first focus (a keystroke
    // the user was still typing then picks nothing); Tab enters its choices.
    <fieldset
      id={id}
      className="ck-item"
      data-resolution={resolution}
      data-current={current ? '' : undefined}
      aria-current={current ? 'true' : undefined}
      tabIndex={current ? -1 : undefined}
      data-autofocus={current ? '' : undefined}
    >
      <legend className="ck-item-label">{legend}</legend>
      <div className="ck-panes">
        <div className="ck-pane" data-side="base">
          <div className="ck-pane-title">{strings.original}</div>
          <pre>{show(item.base, strings)}</pre>
        </div>
        <div className="ck-pane" data-side="mine">
          <div className="ck-pane-title">{strings.yourVersion}</div>
          <pre>
            <Highlighted base={item.base} value={item.mine} strings={strings} />
          </pre>
        </div>
        <div className="ck-pane" data-side="theirs">
          <div className="ck-pane-title">{strings.theirVersion}</div>
          <pre>
            <Highlighted base={item.base} value={item.theirs} strings={strings} />
          </pre>
        </div>
        <div className="ck-pane" data-side="result" data-resolution={resolution}>
          <div className="ck-pane-title">{strings.result}</div>
          <pre>
            {choice === undefined ? strings.unresolved : show(preview, strings)}
            {choice !== undefined && following !== undefined && (
              // Context only: the line the result runs into, dimmed, so a missing line break would show.
              <span className="ck-next-line" aria-hidden="true">
                {following}
              </span>
            )}
          </pre>
        </div>
      </div>
      <div className="ck-options">
        {options.map(([value, label]) => (
          <label key={value} className="ck-option">
            <input
              type="radio"
              name={name}
              value={value}
              checked={selected === value}
              onChange={() => select(value)}
              data-choice-focus={current && value === tabbable ? '' : undefined}
            />
            {label}
          </label>
        ))}
      </div>
      {editing && (
        <div className="ck-edit">
          <textarea
            aria-label={strings.editLabel(item.label)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={draft}
            spellCheck={item.textOnly}
            onChange={(event) => commit(event.target.value)}
          />
          {error && (
            <p id={errorId} className="ck-error">
              {error}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
});
