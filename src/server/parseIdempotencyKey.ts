/**
 * The `Idempotency-Key` request header field (IETF draft "The Idempotency-Key
 * HTTP Header Field", §2.1): an Item Structured Header whose value is a
 * String (RFC 8941 §3.3.3), e.g. `Idempotency-Key: "8e03978e-40d5"`.
 */

/** Longest key {@link parseIdempotencyKey} accepts by default. */
export const DEFAULT_MAX_IDEMPOTENCY_KEY_LENGTH = 255;

// RFC 8941 §3.1.2 parameters after an Item: `;key` or `;key=bare-item`.
// They carry nothing this server uses, but must parse for the Item to be valid.
const PARAMETER =
  /;[ ]*[a-z*][a-z0-9_.*-]*(?:=(?:"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"|[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*|-?\d{1,15}(?:\.\d{1,3})?|\?[01]|:[A-Za-z0-9+/=]*:))?/y;

// The lenient form: one run of visible ASCII without the characters that
// structure a field (`"`, `,`, `;`, `\`). Stripe-style clients send keys
// unquoted (`Idempotency-Key: 4f90-1d`), and refusing them buys nothing.
const BARE_KEY = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/**
 * Parses an `Idempotency-Key` field value; `null` when it is malformed,
 * empty or longer than `maxLength`.
 *
 * Accepts the draft's sf-string (`"abc"`, with `\"` and `\\` escapes and
 * optional parameters, which are ignored) and, for leniency, a bare key of
 * visible ASCII without `"`, `,`, `;` or `\`. A list (two keys, or two
 * header lines, which arrive joined by a comma) is malformed: a request has
 * one key.
 */
export function parseIdempotencyKey(
  value: string,
  maxLength: number = DEFAULT_MAX_IDEMPOTENCY_KEY_LENGTH,
): string | null {
  // RFC 8941 §4.2: leading and trailing spaces are discarded.
  const input = value.replace(/^[ \t]+|[ \t]+$/g, '');
  let key: string;
  if (input.startsWith('"')) {
    // RFC 8941 §4.2.5: parsing a String.
    let out = '';
    let i = 1;
    for (;;) {
      if (i >= input.length) return null;
      const ch = input.charCodeAt(i);
      if (ch === 0x5c) {
        const next = input[i + 1];
        if (next !== '"' && next !== '\\') return null;
        out += next;
        i += 2;
        continue;
      }
      if (ch === 0x22) break;
      if (ch < 0x20 || ch > 0x7e) return null;
      out += input[i];
      i++;
    }
    i++;
    while (i < input.length) {
      PARAMETER.lastIndex = i;
      if (!PARAMETER.test(input)) return null;
      i = PARAMETER.lastIndex;
    }
    key = out;
  } else {
    if (!BARE_KEY.test(input)) return null;
    key = input;
  }
  return key.length > 0 && key.length <= maxLength ? key : null;
}
