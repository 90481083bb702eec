/**
 * Entity tags the server hands out.
 */
import { formatETag, parseETag, type EntityTag } from '../core/etag';

// Everything outside etagc (RFC 9110 §8.8.3), plus `%` and `:` which this
// encoding uses itself. obs-text (%x80-FF) is encoded too: JavaScript strings
// are not bytes, and a non-ASCII header value would not survive `Headers`.
const UNSAFE = /[^\x21\x23-\x24\x26-\x39\x3b-\x7e]/gu;

function encodePart(value: string): string {
  return value.replace(UNSAFE, (ch) =>
    Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * Formats a strong entity tag for a record version: `etagFor(3)` → `"3"`,
 * `etagFor(3, 'tickets/7')` → `"tickets/7:3"`.
 *
 * Passing the record id makes tags of different records differ even at the
 * same version number, so an `If-Match` copied from the wrong record can
 * never match. Characters an ETag cannot hold are percent-encoded, so any id
 * and version give a valid, unambiguous tag.
 */
export function etagFor(version: number | string, id?: string): string {
  if (typeof version === 'number' && !Number.isFinite(version)) {
    throw new TypeError(`etagFor: the version must be a finite number or a string, got ${String(version)}.`);
  }
  const v = encodePart(String(version));
  return formatETag({ weak: false, opaque: id === undefined ? v : `${encodePart(id)}:${v}` });
}

/**
 * Reads a tag the application handed to the server layer: an {@link EntityTag}
 * or a formatted tag such as `"v3"` / `W/"v3"`. A string that is not a valid
 * tag is a programming error, so it throws instead of guessing.
 */
export function toEntityTag(value: string | EntityTag): EntityTag {
  if (typeof value !== 'string') return value;
  const tag = parseETag(value);
  if (!tag) {
    throw new TypeError(
      `conflict-kit/server: ${JSON.stringify(value)} is not an entity tag. Pass a quoted tag such as "\\"v3\\"" (etagFor(version) makes one) or an EntityTag object.`,
    );
  }
  return tag;
}
