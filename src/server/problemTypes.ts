/**
 * Stable problem type URIs and reason codes of conflict-kit servers.
 *
 * RFC 9457 §3.1.1 makes `type` the primary identifier of a problem. The last
 * path segment of every URI here equals its `reason` with `-` for `_`, so a
 * client that only reads `type` (the kit's classifier normalises it that way)
 * and one that only reads `reason` reach the same answer. The URIs are
 * identifiers; they need not resolve.
 */

/** Prefix of every problem type URI the server layer emits. */
export const PROBLEM_TYPE_BASE = 'https://conflict-kit.dev/problems/';

/** Machine-readable `reason` members, as the client's classifier reads them. */
export const PROBLEM_REASONS = {
  versionMismatch: 'version_mismatch',
  duplicateExternalId: 'duplicate_external_id',
  invalidTransition: 'invalid_transition',
  idempotencyKeyInUse: 'idempotency_key_in_use',
  idempotencyKeyReused: 'idempotency_key_reused',
  idempotencyKeyMissing: 'idempotency_key_missing',
  idempotencyKeyMalformed: 'idempotency_key_malformed',
  preconditionRequired: 'precondition_required',
  preconditionFailed: 'precondition_failed',
  resourceDeleted: 'resource_deleted',
  alreadyExists: 'already_exists',
  malformedPrecondition: 'malformed_precondition',
  invalidJson: 'invalid_json',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  unprocessable: 'unprocessable',
  notFound: 'not_found',
} as const;

/** One of the {@link PROBLEM_REASONS}. */
export type ProblemReason = (typeof PROBLEM_REASONS)[keyof typeof PROBLEM_REASONS];

/** Problem type URIs, one per {@link PROBLEM_REASONS} entry (`version_mismatch` → `…/version-mismatch`). */
export const PROBLEM_TYPES = {
  versionMismatch: `${PROBLEM_TYPE_BASE}version-mismatch`,
  duplicateExternalId: `${PROBLEM_TYPE_BASE}duplicate-external-id`,
  invalidTransition: `${PROBLEM_TYPE_BASE}invalid-transition`,
  idempotencyKeyInUse: `${PROBLEM_TYPE_BASE}idempotency-key-in-use`,
  idempotencyKeyReused: `${PROBLEM_TYPE_BASE}idempotency-key-reused`,
  idempotencyKeyMissing: `${PROBLEM_TYPE_BASE}idempotency-key-missing`,
  idempotencyKeyMalformed: `${PROBLEM_TYPE_BASE}idempotency-key-malformed`,
  preconditionRequired: `${PROBLEM_TYPE_BASE}precondition-required`,
  preconditionFailed: `${PROBLEM_TYPE_BASE}precondition-failed`,
  resourceDeleted: `${PROBLEM_TYPE_BASE}resource-deleted`,
  alreadyExists: `${PROBLEM_TYPE_BASE}already-exists`,
  malformedPrecondition: `${PROBLEM_TYPE_BASE}malformed-precondition`,
  invalidJson: `${PROBLEM_TYPE_BASE}invalid-json`,
  payloadTooLarge: `${PROBLEM_TYPE_BASE}payload-too-large`,
  unsupportedMediaType: `${PROBLEM_TYPE_BASE}unsupported-media-type`,
  unprocessable: `${PROBLEM_TYPE_BASE}unprocessable`,
  notFound: `${PROBLEM_TYPE_BASE}not-found`,
} as const satisfies Record<keyof typeof PROBLEM_REASONS, string>;

/** One of the {@link PROBLEM_TYPES} URIs. */
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];
