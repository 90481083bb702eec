// conflict-kit/core: the framework-agnostic heart of the kit. No React, no DOM
// required; fetch, clock, ids and storage are injectable.

// Validators (RFC 9110 §8.8)
export {
  buildIfMatch,
  formatETag,
  parseETag,
  parseETagList,
  parseHttpDate,
  readValidator,
  readVersionField,
  sameVersion,
  strongMatch,
  weakMatch,
  writeVersionField,
} from './etag';
export type {
  BuildIfMatchOptions,
  EntityTag,
  FieldPath,
  IfMatchResult,
  ReadValidatorOptions,
  UnprotectedReason,
  Validator,
  VersionValue,
} from './etag';

// Conflicts are values…
export type {
  Conflict,
  ConflictBase,
  ConflictKind,
  ConflictOf,
  DeletedConflict,
  DuplicateConflict,
  IdempotencyInFlightConflict,
  IdempotencyMismatchConflict,
  PreconditionRequiredConflict,
  StaleConflict,
  TransitionConflict,
  UnknownConflict,
} from './conflict';
// …failures are errors.
export {
  ConflictKitError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  RecoveryUnavailableError,
  UnprotectedWriteError,
} from './errors';
export type { RequestInfo } from './errors';

// Classification
export { MAX_CONFLICT_BODY_BYTES, builtInReaders, classifyConflict } from './classifyConflict';
export { isConflictResponse } from './isConflictResponse';
export type { ClassifyConflictOptions } from './classifyConflict';
export type { ConflictReader, ReaderContext } from './readers/conflictReader';
export type { RequestSummary, SentRequest } from './readers/describeRequest';
export { azureReader } from './readers/azureReader';
export { couchdbReader } from './readers/couchdbReader';
export { flatReasonReader } from './readers/flatReasonReader';
export { idempotencyReader } from './readers/idempotencyReader';
export { kubernetesReader } from './readers/kubernetesReader';
export { problemJsonReader } from './readers/problemJsonReader';
export { statusReader } from './readers/statusReader';

// Three-way merge
export { formatConflictMarkers, mergeText, resolveTextHunks } from './mergeText';
export type {
  ChangeHunk,
  ConflictChoice,
  ConflictHunk,
  ConflictLabels,
  ConflictRegion,
  ConflictStyle,
  HunkPosition,
  MergedHunk,
  MergeTextOptions,
  StableHunk,
  TextHunk,
  TextMergeResult,
} from './mergeText';
export { mergeWords, suggestWordMerge } from './wordMerge';
export { mergeRecords } from './mergeRecords';
export type {
  ArrayKeyResolver,
  AutoMergedPath,
  FieldConflict,
  FieldConflictKind,
  MergeSource,
  RecordMergeOptions,
  RecordMergeResult,
} from './mergeRecords';
export { MergeResolutionError, resolveConflict, resolveMerge } from './resolveMerge';
export type { MergeChoice, MergeChoices } from './resolveMerge';
export { jsonEqual } from './json';
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json';
export { parseJsonPointer, toJsonPointer } from './jsonPath';
export type { JsonPath, JsonPathSegment } from './jsonPath';
export { applyMergePatch, isEmptyMergePatch, mergePatch } from './mergePatch';

// Versions of records
export { createVersionRegistry } from './createVersionRegistry';
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
} from './createVersionRegistry';
export { readChangeInfo } from './readChangeInfo';
export type { ChangeAuthor } from './readChangeInfo';
export { createRevalidator } from './createRevalidator';
export type { Revalidator, RevalidatorOptions } from './createRevalidator';

// Idempotency
export {
  DEFAULT_INTENT_TTL_MS,
  createIntent,
  findIntent,
  formatIdempotencyKey,
  randomIntentKey,
} from './createIntent';
export type { Intent, IntentOptions } from './createIntent';
export { defaultIntentStorage, memoryIntentStorage, webIntentStorage } from './intentStorage';
export type { IntentStorage, WebStorageLike } from './intentStorage';

// The client
export { createConflictClient } from './createConflictClient';
export type {
  ConflictClient,
  ConflictClientOptions,
  CreateOptions,
  CreateResult,
  FetchLike,
  ReadOptions,
  ReadResult,
  RequestOptions,
  RevalidateResult,
  SaveOptions,
  SaveResult,
  TransitionOptions,
  TransitionResult,
} from './conflictClientTypes';
