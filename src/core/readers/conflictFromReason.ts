import type { Conflict, ConflictKind, ConflictOf, DuplicateConflict, StaleConflict } from '../conflict';
import { parseETag } from '../etag';
import { readTime } from '../readChangeInfo';
import type { ReaderContext } from './conflictReader';
import {
  compact,
  firstMember,
  own,
  parseRetryAfter,
  pick,
  readString,
  readStringList,
  readToken,
  readVersion,
} from './bodyMembers';

/**
 * Machine-readable reasons (after {@link normalizeReason}) and the conflict
 * kind each means. Exact tokens only: human text such as CouchDB's
 * `"Document update conflict."` must not match.
 */
export const REASON_KINDS: Readonly<Record<string, ConflictKind>> = Object.freeze({
  version_mismatch: 'stale',
  version_conflict: 'stale',
  stale_version: 'stale',
  stale_write: 'stale',
  etag_mismatch: 'stale',
  edit_conflict: 'stale',
  duplicate_external_id: 'duplicate',
  duplicate: 'duplicate',
  duplicate_resource: 'duplicate',
  already_exists: 'duplicate',
  resource_already_exists: 'duplicate',
  invalid_transition: 'transition',
  invalid_state_transition: 'transition',
  transition_not_allowed: 'transition',
  idempotency_key_in_use: 'idempotency-in-flight',
  idempotency_request_in_progress: 'idempotency-in-flight',
  idempotency_key_reused: 'idempotency-mismatch',
  idempotency_key_mismatch: 'idempotency-mismatch',
  precondition_required: 'precondition-required',
  resource_deleted: 'deleted',
  deleted: 'deleted',
});

/** The kind a normalised reason token means, if it is one we know. */
export function kindOfReason(token: string): ConflictKind | undefined {
  return Object.hasOwn(REASON_KINDS, token) ? REASON_KINDS[token] : undefined;
}

/**
 * A reason of the server's own that names the field a create found taken
 * (`duplicate_slug`, `email_already_exists`): a duplicate, in the server's
 * words. Never the Idempotency-Key's own errors (`duplicate_request`,
 * `idempotency_key_already_exists`), which say nothing of what exists.
 */
export function namesTakenField(reason: string): boolean {
  const token = normalizeToken(reason);
  return kindOfReason(token) === undefined && /^duplicate_|_already_exists$/.test(token) && !/idempoten|request|key/.test(token);
}

/** The `ETag` of the current representation, from the response header or a body member. */
function currentETagOf(ctx: ReaderContext, members: unknown): StaleConflict['currentETag'] {
  const header = parseETag(ctx.headers.get('etag'));
  if (header) return header;
  const fromBody = firstMember(members, 'currentETag', 'currentEtag', 'current_etag', 'etag');
  return typeof fromBody === 'string' && fromBody.length <= 1000 ? (parseETag(fromBody) ?? undefined) : undefined;
}

/** A duplicate create found by a dialect reader; `existing` is where the record lives, when known. */
export function duplicateConflict(
  ctx: ReaderContext,
  source: string,
  reason: string | undefined,
  existing: string | undefined,
): DuplicateConflict {
  return { kind: 'duplicate', status: ctx.status, source, ...compact({ reason, existing }) };
}

/** The URL a PUT create was sent to, which names the record already there (a POST names none). */
export function putTargetOf(ctx: ReaderContext): string | undefined {
  return ctx.request.method === 'PUT' ? ctx.request.url : undefined;
}

/** `true` for a create-only-if-absent request: `If-None-Match: *` and no `If-Match`. */
export function createsOnlyIfAbsent(ctx: ReaderContext): boolean {
  return ctx.request.ifNoneMatch === '*' && ctx.request.ifMatch === undefined;
}

/**
 * Where an existing resource lives: a body member, else `Location` /
 * `Content-Location`. A URL (`existing`, `existingUrl`) wins over a bare id
 * when the server sends both, so the app can follow it to the record.
 */
export function existingOf(ctx: ReaderContext, members: unknown): string | undefined {
  return (
    readString(pick(members, 'existing', 'existingUrl')) ??
    readString(pick(members, 'existingResourceId', 'existingId')) ??
    readString(ctx.headers.get('location')) ??
    readString(ctx.headers.get('content-location'))
  );
}

/** A moment from ms since epoch or a date string (trimmed, at most 64 characters); anything else is `undefined`. */
function readCreatedAt(value: unknown): number | undefined {
  return readTime(typeof value === 'number' ? value : readString(value, 64));
}

/**
 * Who created an existing resource and when: the problem's
 * `existingCreatedBy` / `existingCreatedAt` members, else the `createdBy` /
 * `createdAt` of the representation it sent as `current`.
 */
export function createdOf(members: unknown): { createdBy?: string; createdAt?: number } {
  const current = own(members, 'current');
  return compact({
    createdBy:
      readString(pick(members, 'existingCreatedBy'), 200) ?? readString(pick(current, 'createdBy'), 200),
    createdAt:
      readCreatedAt(pick(members, 'existingCreatedAt')) ?? readCreatedAt(pick(current, 'createdAt')),
  });
}

/** What a conflict of `kind` reads from the response and the body members, besides its reason. */
function membersOfKind(ctx: ReaderContext, kind: ConflictKind, members: unknown): object {
  switch (kind) {
    case 'stale':
      return {
        current: own(members, 'current'),
        currentVersion: readVersion(pick(members, 'currentVersion')),
        attemptedVersion: readVersion(pick(members, 'attemptedVersion')) ?? ctx.request.sentVersion,
        currentETag: currentETagOf(ctx, members),
      };
    case 'duplicate':
    case 'idempotency-mismatch':
      return { existing: existingOf(ctx, members), current: own(members, 'current'), ...createdOf(members) };
    case 'transition':
      return {
        allowedTransitions: readStringList(pick(members, 'allowedTransitions')) ?? [],
        currentState: readString(pick(members, 'currentState'), 200),
        attemptedTransition: readString(firstMember(members, 'attemptedTransition', 'attempted_transition', 'requestedTransition', 'to'), 200),
        current: own(members, 'current'),
      };
    case 'idempotency-in-flight': {
      const fromBody = own(members, 'retryAfter');
      return {
        retryAfter:
          parseRetryAfter(ctx.headers.get('retry-after'), ctx.now) ??
          (Number.isFinite(fromBody) && (fromBody as number) >= 0 ? (fromBody as number) : undefined),
      };
    }
    case 'precondition-required':
    case 'deleted':
    case 'unknown':
      return {};
    default:
      return kind satisfies never;
  }
}

/** Builds the conflict of `kind`, reading the members that kind carries from `members`. */
export function conflictOfKind<K extends ConflictKind>(
  ctx: ReaderContext,
  kind: K,
  source: string,
  members: unknown,
  reason?: string,
): ConflictOf<K> {
  return { kind, status: ctx.status, source, ...compact({ reason, ...membersOfKind(ctx, kind, members) }) } as ConflictOf<K>;
}

/**
 * Classifies from a reason or code token found in `members` (a problem+json
 * body or a flat JSON body); `undefined` when the token is not one we know.
 */
export function conflictFromReason(
  ctx: ReaderContext,
  rawReason: unknown,
  members: unknown,
  source: string,
): Conflict | undefined {
  const reason = readToken(rawReason);
  if (reason === undefined) return undefined;
  // On an edit, a field taken is the server's refusal of that edit, not something to view instead.
  const kind = kindOfReason(normalizeToken(reason)) ?? (ctx.request.isCreate && namesTakenField(reason) ? 'duplicate' : undefined);
  return kind === undefined ? undefined : conflictOfKind(ctx, kind, source, members, reason);
}

/**
 * Classifies from the `reason` member of `members`, else its `code` member
 * (a problem+json body, a flat JSON body or its nested `error`).
 */
export function conflictFromMembers(ctx: ReaderContext, members: unknown, source: string): Conflict | undefined {
  return (
    conflictFromReason(ctx, own(members, 'reason'), members, source) ??
    conflictFromReason(ctx, own(members, 'code'), members, source)
  );
}

function normalizeToken(reason: string): string {
  return reason.trim().toLowerCase().replace(/-/g, '_');
}
