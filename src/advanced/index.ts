// conflict-kit/advanced: the building blocks under conflict-kit/core, for
// those who write their own client, framework binding or server dialect.
// Each is documented in docs/guides/core.md ("Building blocks"). Apps rarely
// need them.

// Versions of records: the registry the client records into, and revalidation scheduling
export { createVersionRegistry } from '../core/createVersionRegistry';
export type {
  ChangeInfo,
  EntryListener,
  FreshInfo,
  Freshness,
  LatestVersion,
  RecordInput,
  RegistryKey,
  RegistryListener,
  VersionEntry,
  VersionRegistry,
  VersionRegistryOptions,
} from '../core/createVersionRegistry';
export { createRevalidator } from '../core/createRevalidator';
export type { Revalidator, RevalidatorOptions } from '../core/createRevalidator';
export { readChangeInfo } from '../core/readChangeInfo';
export type { ChangeAuthor } from '../core/readChangeInfo';

// Validators (RFC 9110 §8.8, §13.1)
export {
  buildIfMatch,
  formatETag,
  parseETag,
  parseETagList,
  readValidator,
  readVersionField,
  sameVersion,
  strongMatch,
  weakMatch,
  writeVersionField,
} from '../core/etag';
export type {
  BuildIfMatchOptions,
  EntityTag,
  FieldPath,
  IfMatchResult,
  ReadValidatorOptions,
  UnprotectedReason,
  Validator,
  VersionValue,
} from '../core/etag';

// Conflict readers: the built-in dialects, in the order classifyConflict tries them,
// and Azure Storage's, which is not built in (conflict-kit/azure's azureOptions adds it)
export { MAX_CONFLICT_BODY_BYTES, builtInReaders } from '../core/classifyConflict';
export { azureReader } from '../core/readers/azureReader';
export { couchdbReader } from '../core/readers/couchdbReader';
export { flatReasonReader } from '../core/readers/flatReasonReader';
export { idempotencyReader } from '../core/readers/idempotencyReader';
export { kubernetesReader } from '../core/readers/kubernetesReader';
export { problemJsonReader } from '../core/readers/problemJsonReader';
export { statusReader } from '../core/readers/statusReader';
export type { ConflictReader, ReaderContext } from '../core/readers/conflictReader';
export type {
  Conflict,
  ConflictBase,
  ConflictKind,
  DeletedConflict,
  DuplicateConflict,
  IdempotencyInFlightConflict,
  IdempotencyMismatchConflict,
  PreconditionRequiredConflict,
  StaleConflict,
  TransitionConflict,
  UnknownConflict,
} from '../core/conflict';
export type { SentRequest } from '../core/readers/describeRequest';
export type { RequestSummary } from '../core/readers/summarizeRequest';

// JSON: equality, JSON Pointer (RFC 6901), JSON merge patch (RFC 7396)
export { jsonEqual } from '../core/json';
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from '../core/json';
export { parseJsonPointer, toJsonPointer } from '../core/jsonPath';
export type { JsonPath, JsonPathSegment } from '../core/jsonPath';
export { applyMergePatch, isEmptyMergePatch, mergePatch } from '../core/mergePatch';

// Idempotency: one key per user intent, kept across retries and reloads
export {
  DEFAULT_INTENT_TTL_MS,
  createIntent,
  findIntent,
  formatIdempotencyKey,
  randomIntentKey,
} from '../core/createIntent';
export type { Intent, IntentOptions } from '../core/createIntent';
export { defaultIntentStorage, webIntentStorage } from '../core/intentStorage';
export type { IntentStorage, WebStorageLike } from '../core/intentStorage';

// Word-level merge inside a conflicting text hunk
export { mergeWords, suggestWordMerge } from '../core/wordMerge';
