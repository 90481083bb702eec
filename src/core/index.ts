// conflict-kit/core: what a framework-agnostic app needs. No React, no DOM
// required; fetch, clock, ids and storage are injectable. Building blocks
// (ETag helpers, readers, the registry, merge patches, intents, word merge)
// live in conflict-kit/advanced.

// The client
export { createConflictClient } from './createConflictClient';
export type {
  ConflictClient,
  ConflictClientOptions,
  CreateOptions,
  CreateResult,
  CreatedBase,
  CreatedRecord,
  CreatedUnread,
  FetchLike,
  ReadOptions,
  ReadResult,
  RequestOptions,
  RevalidateResult,
  SaveOptions,
  SaveResult,
  TracedWrite,
  TransitionOptions,
  TransitionResult,
  WriteTrace,
  WriteTracer,
} from './conflictClientTypes';
export type { RecordRef, RemoteChange } from './remoteChange';
export type { SourceChange, StalenessListener, StalenessSource } from './stalenessSource';
export { memoryIntentStorage } from './intentStorage';
export type { IntentStorage } from './intentStorage';
export type { Intent } from './createIntent';
export type { ChangeAuthor } from './readChangeInfo';
export type { EntityTag, FieldPath, Validator, VersionValue } from './etag';
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
} from './createVersionRegistry';

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
export { classifyConflict } from './classifyConflict';
export { isConflictResponse } from './isConflictResponse';
export type { ClassifyConflictOptions } from './classifyConflict';
export type { ConflictReader, ReaderContext } from './readers/conflictReader';
export type { SentRequest } from './readers/describeRequest';
export type { RequestSummary } from './readers/summarizeRequest';

// …failures are errors.
export {
  ConflictKitError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  UnprotectedWriteError,
} from './errors';
export type { RequestInfo } from './errors';

// Three-way merge
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
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json';
export type { JsonPath, JsonPathSegment } from './jsonPath';

// Telemetry: the conflict events the client reports (paths and kinds, never values)
export type {
  ConflictChoiceCounts,
  ConflictEvent,
  ConflictEventBase,
  ConflictEventKind,
  ConflictEventListener,
  ConflictEventType,
  ConflictResolutionOutcome,
} from './telemetry/ConflictEvent';
