import type { JsonValue } from '../core/json';
import type { MergeItem } from '../react/useMergeSession';

/**
 * How an edit box's text becomes the value saved, and back. A text hunk is
 * whole lines: the box shows them without the last line's break, which the
 * value gets back on the way out, so replacing everything in the box can
 * never join the hunk's last line to the next one. A textarea gives its value
 * with LF line breaks only (HTML §4.10.11); CRLF text gets its CRLF back.
 */
export interface EditFormat {
  /** The line break the value ends with ('' for the unterminated last line of a text). */
  readonly ending: string;
  /** The line break inside the value. */
  readonly eol: '\n' | '\r\n';
}

/** The edit format of an item whose box starts from `value`; `undefined` for a JSON (non-text) value. */
export function editFormat(item: MergeItem, value: JsonValue | undefined): EditFormat | undefined {
  if (!item.textOnly) return undefined;
  const text = typeof value === 'string' ? value : '';
  const eol = item.hunk?.eol ?? (text.includes('\r\n') ? '\r\n' : '\n');
  if (!item.hunk) return { ending: '', eol };
  const last = item.conflict.text?.hunks.at(-1) === item.hunk;
  return { ending: /\r?\n$/.exec(text)?.[0] ?? (text === '' && !last ? eol : ''), eol };
}

/** The text an edit box shows for `value`. */
export function toDraft(value: JsonValue | undefined, format: EditFormat | undefined): string {
  if (value === undefined) return '';
  if (!format || typeof value !== 'string') return JSON.stringify(value, null, 2);
  const lines = format.ending && value.endsWith(format.ending) ? value.slice(0, -format.ending.length) : value;
  return lines.replace(/\r\n/g, '\n');
}

/** The value an edit box's text stands for. */
export function fromDraft(text: string, format: EditFormat): string {
  // An empty box removes the hunk's lines; anything else is whole lines again.
  const lines = format.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
  return lines === '' ? '' : lines + format.ending;
}
