'use client';
// conflict-kit/react: the provider, the option factories and the hooks, on
// react-query and zustand. Headless: the prebuilt dialogs in `ui` are one
// consumer of the conflict sessions; an app's own UI is another.

// Provider
export { ConflictKitProvider } from './ConflictKitProvider';
export type { ConflictKitProviderProps } from './ConflictKitProvider';
export type { ConflictEventsOptions, EventSourceLike, RecordChange, ServerChangeEvent } from './connectStalenessSources';

// Reading and watching records
export { versionedQueryOptions } from './versionedQueryOptions';
export type { VersionedQueryInput, VersionedQueryOptions } from './versionedQueryOptions';
export { useVersionedQuery } from './useVersionedQuery';
export type { UseVersionedQueryOptions, VersionedQueryResult } from './useVersionedQuery';
export type { RecordHandle } from './RecordHandle';
export { useStaleness } from './useStaleness';
export type { Staleness, UseStalenessOptions } from './useStaleness';

// Editing and writing
export { useDraft } from './useDraft';
export type { DraftApi, UseDraftOptions } from './useDraft';
export type { DraftStorage, PendingMerge, StoredVersion } from './draftEnvelope';
export { guardedMutationOptions } from './guardedMutationOptions';
export type { GuardedMutationInput } from './guardedMutationOptions';
export { useGuardedSave } from './useGuardedSave';
export { guardedSave } from './guardedSave';
export type { GuardedSaveInput } from './guardedSave';
export type { GuardedSave, UseGuardedSaveOptions } from './useGuardedSave';
export type { SaveOutcome } from './runGuardedSave';
export { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';
export { idempotentCreateOptions } from './idempotentCreateOptions';
export type { IdempotentCreateInput } from './idempotentCreateOptions';
export { useIdempotentCreate } from './useIdempotentCreate';
export type { IdempotentCreate, UseIdempotentCreateOptions } from './useIdempotentCreate';
export type { CreateOutcome } from './runIdempotentCreate';
export { workflowActionOptions } from './workflowActionOptions';
export type { WorkflowActionInput } from './workflowActionOptions';
export { useWorkflowAction } from './useWorkflowAction';
export type { UseWorkflowActionOptions, WorkflowAction } from './useWorkflowAction';
export type { WorkflowOutcome } from './runWorkflowAction';

// Headless conflict UI: the sessions the built-in resolver queues, or a resolver of your own
export { useConflictSessions } from './useConflictSessions';
export { useConflictNotices } from './useConflictNotices';
export type { ConflictNoticesApi } from './useConflictNotices';
export { useMergeSession } from './useMergeSession';
export type { MergeItem, MergeSession, MergeSessionOptions } from './useMergeSession';
export type {
  ConflictNotice,
  ConflictQuestion,
  ConflictResolver,
  ConflictSession,
  DuplicateOutcome,
  DuplicateRequest,
  MergeOutcome,
  MergeRequest,
  ProblemOutcome,
  ProblemRequest,
  TransitionOutcome,
  TransitionRequest,
} from './resolver';
