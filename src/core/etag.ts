/**
 * Entity tags and other validators (RFC 9110 §8.8).
 *
 * Parsing is strict about the grammar and forgiving about whitespace: an
 * unparseable tag is `null`, never an exception, because tags come from
 * servers we do not control.
 */

import { isDev } from './devWarning';
import { jsonEqual, setOwn } from './json';
import { readTime } from './readChangeInfo';
import { compact, isRecord } from './readers/bodyMembers';

/** A parsed entity tag: `W/"abc"` is `{ weak: true, opaque: 'abc' }`. */
export interface EntityTag {
  /** `true` for a weak validator (`W/` prefix). */
  readonly weak: boolean;
  /** The opaque tag without its quotes. */
  readonly opaque: string;
}

// An optional W/ and a quoted opaque tag of etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3).
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Parses one entity tag such as `"v3"` or `W/"v3"`.
 * Returns `null` for anything that is not a valid tag (including `*`).
 */
export function parseETag(value: string | null | undefined): EntityTag | null {
  const match = value == null ? null : ENTITY_TAG.exec(value.trim());
  return match ? { weak: match[1] !== undefined, opaque: match[2] ?? '' } : null;
}

/** Formats an entity tag for a header: `{ weak: true, opaque: 'a' }` → `W/"a"`. */
export function formatETag(tag: EntityTag): string {
  return `${tag.weak ? 'W/' : ''}"${tag.opaque}"`;
}

/**
 * Parses an `If-Match` / `If-None-Match` field value: `*` or a comma-separated
 * list of entity tags. Returns `null` when any member is malformed, so callers
 * can answer 400 instead of guessing.
 */
export function parseETagList(value: string | null | undefined): '*' | EntityTag[] | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '*') return '*';
  const tags: EntityTag[] = [];
  // Commas may appear inside quoted opaque tags, so scan rather than split.
  let i = 0;
  while (i < v.length) {
    while (i < v.length && (v[i] === ' ' || v[i] === '\t' || v[i] === ',')) i++;
    if (i >= v.length) break;
    const start = i;
    if (v.startsWith('W/', i)) i += 2;
    if (v[i] !== '"') return null;
    const close = v.indexOf('"', i + 1);
    if (close < 0) return null;
    const tag = parseETag(v.slice(start, close + 1));
    if (!tag) return null;
    tags.push(tag);
    i = close + 1;
    while (i < v.length && (v[i] === ' ' || v[i] === '\t')) i++;
    if (i < v.length && v[i] !== ',') return null;
  }
  return tags.length > 0 ? tags : null;
}

/** Strong comparison (RFC 9110 §8.8.3.2): both strong and identical opaque tags. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison (RFC 9110 §8.8.3.2): identical opaque tags, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** Why a write cannot carry an `If-Match` precondition. */
export type UnprotectedReason = 'weak-etag' | 'no-validator';

/** The outcome of {@link buildIfMatch}: a header value, or the reason there is none. */
export type IfMatchResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: UnprotectedReason; readonly message: string };

/** Options for {@link buildIfMatch}. */
export interface BuildIfMatchOptions {
  /**
   * Send a weak tag verbatim. Only for dialects whose servers accept weak tags
   * in `If-Match` against the RFC (Azure Storage does).
   * @default false
   */
  readonly allowWeak?: boolean;
}

/**
 * Builds an `If-Match` value from the validator the client holds.
 *
 * A weak tag is refused: `If-Match` uses strong comparison, so a weak tag can
 * never match (RFC 9110 §13.1.1) and the write would always fail with 412.
 * The caller then falls back to a body version field, or reports the write as
 * unprotected.
 */
export function buildIfMatch(
  tag: EntityTag | string | null | undefined,
  options: BuildIfMatchOptions = {},
): IfMatchResult {
  const parsed = typeof tag === 'string' ? parseETag(tag) : tag;
  if (!parsed) {
    return {
      ok: false,
      reason: 'no-validator',
      message: isDev
        ? 'No usable ETag is known for this record (none was read, or the server sent none), so If-Match cannot protect the write.'
        : 'No usable ETag is known for this record.',
    };
  }
  if (parsed.weak && !options.allowWeak) {
    return {
      ok: false,
      reason: 'weak-etag',
      message: isDev
        ? `The server sent a weak ETag (${formatETag(parsed)}); If-Match uses strong comparison, so a weak tag can never match (RFC 9110 §13.1.1).`
        : `The server sent a weak ETag (${formatETag(parsed)}).`,
    };
  }
  return { ok: true, value: formatETag(parsed) };
}

/** Parses an HTTP-date (`Last-Modified`, RFC 9110 §5.6.7); `null` if invalid. */
export function parseHttpDate(value: string | null | undefined): Date | null {
  const ms = readTime(value);
  return ms === undefined ? null : new Date(ms);
}

/** A path to a field inside a JSON body: `'version'`, `'meta.rev'` or `['meta', 'rev']`. */
export type FieldPath = string | readonly string[];

function segments(path: FieldPath): readonly string[] {
  return typeof path === 'string' ? path.split('.') : path;
}

/** A body version value: what a version field may hold. */
export type VersionValue = string | number;

/**
 * Reads a version field (such as `version` or CouchDB's `_rev`) from a JSON
 * body; `undefined` when absent or not a string/number.
 */
export function readVersionField(body: unknown, path: FieldPath): VersionValue | undefined {
  let node: unknown = body;
  for (const key of segments(path)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' || Number.isFinite(node) ? (node as VersionValue) : undefined;
}

/**
 * Returns a shallow-copied body with the version field set, creating nested
 * objects as needed. The input is not modified.
 */
export function writeVersionField<T>(body: T, path: FieldPath, value: VersionValue): T {
  const keys = segments(path);
  const write = (node: unknown, depth: number): unknown => {
    const key = keys[depth];
    if (key === undefined) return value;
    const obj = isRecord(node) ? node : {};
    const copy: Record<string, unknown> = { ...obj };
    setOwn(copy, key, write(obj[key], depth + 1));
    return copy;
  };
  return write(body, 0) as T;
}

/** Everything the client may know about the version of a record. */
export interface Validator {
  /** The entity tag from the `ETag` header. */
  readonly etag?: EntityTag;
  /** The `Last-Modified` date. */
  readonly lastModified?: Date;
  /** The body version field (`version`, `_rev`, …). */
  readonly version?: VersionValue;
}

/** Options for {@link readValidator}. */
export interface ReadValidatorOptions {
  /** Where the body keeps its version, if it does. */
  readonly versionField?: FieldPath;
}

/** Collects the validators a response carries (headers and, optionally, body). */
export function readValidator(headers: Headers, body?: unknown, options: ReadValidatorOptions = {}): Validator {
  return compact({
    etag: parseETag(headers.get('etag')) ?? undefined,
    lastModified: parseHttpDate(headers.get('last-modified')) ?? undefined,
    version: options.versionField === undefined ? undefined : readVersionField(body, options.versionField),
  });
}

/**
 * True when two validators name the same version, for freshness checks: ETags
 * compare weakly here, as `If-None-Match` does (RFC 9110 §13.1.2); writes
 * still need the strong tag through {@link buildIfMatch}.
 */
export function sameVersion(a: Validator | undefined, b: Validator | undefined): boolean {
  if (!a || !b) return false;
  if (a.etag && b.etag) return weakMatch(a.etag, b.etag);
  if (a.version !== undefined && b.version !== undefined) return String(a.version) === String(b.version);
  return false;
}

/** Whether a validator carries a version (an ETag or a body version). @internal */
export function hasVersion(validator: Validator): boolean {
  return validator.etag !== undefined || validator.version !== undefined;
}

/**
 * True when a record fetched with `validator` and `value` is the version held
 * as `held`/`heldValue`: by validator when both carry a comparable one (both
 * an ETag, or both a body version), else by deep JSON equality of the values.
 * @internal
 */
export function isSameRecordVersion(held: Validator, heldValue: unknown, validator: Validator, value: unknown): boolean {
  const comparable = (held.etag !== undefined && validator.etag !== undefined) || (held.version !== undefined && validator.version !== undefined);
  return comparable ? sameVersion(held, validator) : jsonEqual(heldValue, value);
}
