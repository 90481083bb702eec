import { createElement, memo, useId, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { JsonValue } from '../core/json';
import type { MergeChoice } from '../core/resolveMerge';
import type { MergeItem } from '../react/useMergeSession';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { editFormat, fromDraft, toDraft, type EditFormat } from './editFormat';
import { MergePanes, resolutionOf } from './MergePanes';

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

/**
 * One field or text hunk of a merge: the three sides, the result, and a
 * radio group to choose. Memoised: a choice re-renders only its own row, which
 * matters for records with a thousand conflicting fields.
 */
export const MergeItemRow = memo(function MergeItemRow({ item, choice, preview, current, name, id, strings, onChoose, onClear, onAcceptSuggestion }: MergeItemRowProps): ReactNode {
  const isCustom = typeof choice === 'object';
  const resolution = resolutionOf(item, choice);
  const [editing, setEditing] = useState(resolution === 'custom');
  // Fixed when editing starts, from the value the box starts from.
  const [format, setFormat] = useState(() => editFormat(item, isCustom ? choice.custom : item.mine));
  const [draft, setDraft] = useState(() => (isCustom ? toDraft(choice.custom, format) : ''));
  const [error, setError] = useState<string>();
  // The open edit box, else the resolution when an option names it.
  const selected: Option | undefined = editing ? 'edit' : resolution === 'unresolved' || resolution === 'custom' ? undefined : resolution;
  const hintId = useId();

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

  // In the order shown, with a hint where two could be mistaken: "both" and the suggestion only where they exist.
  const options: Array<[Option, string, string?]> = [
    ['mine', strings.keepMine],
    ['theirs', strings.keepTheirs],
  ];
  if (item.canKeepBoth) options.push(['both', strings.keepBoth, strings.keepBothHint]);
  if (item.suggestion !== undefined) options.push(['suggestion', strings.useSuggestion, strings.useSuggestionHint]);
  options.push(['base', strings.keepOriginal], ['edit', strings.edit]);
  const tabbable = selected ?? 'mine';
  // A one-line field (a title, a name: no side has a line break) is edited in a one-line box, where Enter adds no line break its field would refuse.
  const oneLine = item.textOnly && !item.hunk && ![item.base, item.mine, item.theirs, draft].some((side) => typeof side === 'string' && /[\r\n]/.test(side));
  const legend = item.hunk ? strings.hunkLabel(item.label, item.hunkNumber ?? 1, item.hunkCount ?? 1) : item.label;

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
      <MergePanes item={item} resolution={resolution} preview={preview} strings={strings} />
      <div className="ck-options">
        {options.map(([value, label, hint]) => (
          <label key={value} className="ck-option">
            <input
              type="radio"
              name={name}
              value={value}
              checked={selected === value}
              onChange={() => select(value)}
              // Roving tabindex: the group is one Tab stop (the checked choice, else the first).
              // Chromium's own radio-group skipping stops working once React re-renders the row
              // (it re-assigns each radio's name), which gave every conflict but the first two stops.
              tabIndex={value === tabbable ? 0 : -1}
              data-choice-focus={current && value === tabbable ? '' : undefined}
              aria-describedby={hint && hintId + value}
            />
            {label}
          </label>
        ))}
      </div>
      {/* Shown while two could be mistaken ("Keep both" beside "Combine both edits"), else once chosen; always the choice's description. */}
      {options.map(([value, label, hint]) => hint && (
        <p key={value} className="ck-hint" hidden={item.suggestion === undefined && selected !== value}>
          {label}: <span id={hintId + value}>{hint}</span>
        </p>
      ))}
      {editing && (
        // The "Edit" choice's text box, with the reason when its JSON does not parse.
        <div className="ck-edit">
          {createElement(oneLine ? 'input' : 'textarea', {
            'aria-label': strings.editLabel(item.label),
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? `${hintId}error` : undefined,
            value: draft,
            spellCheck: item.textOnly,
            onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => commit(event.target.value),
            // Nor does Enter submit a form the dialogs were placed in.
            onKeyDown: (event: KeyboardEvent) => oneLine && event.key === 'Enter' && event.preventDefault(),
          })}
          {error && (
            <p id={`${hintId}error`} className="ck-error">
              {error}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
});
