/**
 * Safe accessors for members of untrusted conflict bodies. Every reader goes
 * through these so that wrong types, prototype keys (`__proto__`,
 * `constructor`) and huge strings are ignored or capped instead of thrown on.
 */
import type { VersionValue } from '../etag';

/** Longest string kept from a body member (titles, details, states, ids). */
export const MAX_STRING_LENGTH = 1000;
/** Longest machine token kept (reasons, codes, request ids). */
export const MAX_TOKEN_LENGTH = 200;
/** Most items kept from a body array such as `allowedTransitions`. */
export const MAX_LIST_ITEMS = 50;

/** A JSON object (not an array, not null). */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** True for a plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads an own member only, so inherited keys such as `constructor` never leak in. */
export function own(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The first own member among `names`, taken exactly as written, that is not `undefined`. */
export function firstMember(value: unknown, ...names: readonly string[]): unknown {
  for (const name of names) {
    const member = own(value, name);
    if (member !== undefined) return member;
  }
  return undefined;
}

/**
 * {@link firstMember} with each key tried as written and then in snake_case
 * (`currentVersion`, then `current_version`), as APIs spell members either way.
 */
export function pick(value: unknown, ...keys: readonly string[]): unknown {
  return firstMember(value, ...keys.flatMap((key) => [key, key.replace(/[A-Z]+/g, (upper) => `_${upper.toLowerCase()}`)]));
}

/** Cuts a string to `max` characters without splitting a surrogate pair. */
export function capString(value: string, max: number = MAX_STRING_LENGTH): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end);
}

/** A non-empty string (capped), or a finite number as a string; otherwise `undefined`. */
export function readString(value: unknown, max: number = MAX_STRING_LENGTH): string | undefined {
  if (Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : capString(trimmed, max);
}

/** A short machine token such as a reason code or request id; longer strings are capped. */
export function readToken(value: unknown): string | undefined {
  return typeof value === 'string' ? readString(value, MAX_TOKEN_LENGTH) : undefined;
}

/** A version value (string or finite number); strings are capped. */
export function readVersion(value: unknown): VersionValue | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return readString(value);
}

/** The strings of an array (capped in count and length); anything else is `undefined`. */
export function readStringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value.slice(0, MAX_LIST_ITEMS * 4)) {
    const s = readString(item, MAX_TOKEN_LENGTH);
    if (s !== undefined && !out.includes(s)) out.push(s);
    if (out.length >= MAX_LIST_ITEMS) break;
  }
  return out;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'x-ms-request-id', 'request-id', 'x-correlation-id'] as const;

// Request ids are opaque tokens (UUIDs, `req_…`, trace ids, base64): anything
// else — markup, spaces, control characters — is not shown as one.
const REQUEST_ID = /^[\w.:/+=@-]+$/;

function readRequestId(value: unknown): string | undefined {
  const token = readToken(value);
  return token !== undefined && REQUEST_ID.test(token) ? token : undefined;
}

/** The server's request id: a body member (`requestId`, `traceId`, …), else a request-id header. */
export function requestIdOf(body: unknown, headers: Headers): string | undefined {
  const fromBody = readRequestId(pick(body, 'requestId', 'traceId'));
  if (fromBody !== undefined) return fromBody;
  for (const name of REQUEST_ID_HEADERS) {
    const value = readRequestId(headers.get(name));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Normalises a reason, code or problem `type` URI to a snake_case token:
 * `https://example.com/problems/version-mismatch` → `version_mismatch`.
 */
export function normalizeReason(value: string): string {
  const trimmed = value.trim().replace(/[/#]+$/, '');
  const last = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':'), trimmed.lastIndexOf('#')) + 1);
  return last.toLowerCase().replace(/[-\s.]+/g, '_');
}

/** The server's own reason or code for support, when it looks machine-made (human text such as CouchDB's `reason` does not). */
export function reasonTokenOf(body: unknown): string | undefined {
  for (const candidate of [own(body, 'reason'), own(body, 'code'), own(body, 'error'), own(own(body, 'error'), 'code')]) {
    const token = readToken(candidate);
    if (token !== undefined && /^[\w.:/-]{1,100}$/.test(token)) return token;
  }
  return undefined;
}

/**
 * Seconds to wait from a `Retry-After` value: delay-seconds or an HTTP-date
 * (RFC 9110 §10.2.3); `undefined` when absent or malformed.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v);
  if (v.length > 64) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : Math.max(0, Math.ceil((ms - now) / 1000));
}

/** Makes `{ a: T | undefined }` into `{ a?: T }`, for exactOptionalPropertyTypes. */
export type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops members whose value is `undefined`, so optional properties stay absent. */
export function compact<T extends object>(value: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = member;
  }
  return out as Compact<T>;
}
