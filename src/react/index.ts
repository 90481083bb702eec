'use client';
// conflict-kit/react: the provider and hooks over the core, on react-query
// and zustand. Headless: the prebuilt dialogs in `ui` are one consumer of
// these sessions; an app's own UI is another.

// Provider and shared state
export { ConflictKitProvider } from './ConflictKitProvider';
export type { ConflictKitProviderProps } from './ConflictKitProvider';
export { useConflictKit } from './useConflictKit';
export type { ConflictKit, DraftTracker } from './ConflictKitContext';
export { createConflictSessionStore } from './createConflictSessionStore';
export type { ConflictSessionState, ConflictSessionStore, NoticeInput } from './createConflictSessionStore';
export { useConflictSessions } from './useConflictSessions';
export { useConflictNotices } from './useConflictNotices';
export type { ConflictNoticesApi } from './useConflictNotices';

// The resolver contract
export type {
  ConflictNotice,
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

// Reading and watching records
export { useVersionedQuery, versionedQueryKey } from './useVersionedQuery';
export type { RecordVersion, UseVersionedQueryOptions, VersionedQueryResult } from './useVersionedQuery';
export { useStaleness } from './useStaleness';
export type { Staleness } from './useStaleness';
export { connectStalenessSources, markChanged } from './connectStalenessSources';
export type {
  BroadcastChannelLike,
  ConflictEventsOptions,
  EventSourceLike,
  ServerChangeEvent,
  StalenessSources,
  StalenessSourcesOptions,
} from './connectStalenessSources';

// Editing and saving
export { useDraft } from './useDraft';
export type { DraftApi, UseDraftOptions } from './useDraft';
export { createDraftStore } from './createDraftStore';
export type { DraftStore, DraftStoreOptions } from './createDraftStore';
export type { DraftEnvelope, DraftStorage, PendingMerge, StoredVersion } from './draftEnvelope';
export { useGuardedSave } from './useGuardedSave';
export type { GuardedSave, GuardedSaveStatus, UseGuardedSaveOptions } from './useGuardedSave';
export { runGuardedSave } from './runGuardedSave';
export type { GuardedSaveContext, ResumeMerge, SaveDraftHooks, SaveOutcome } from './runGuardedSave';
export { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';

// Creating and workflow actions
export { useIdempotentCreate } from './useIdempotentCreate';
export type { CreateOutcome, IdempotentCreate, IdempotentCreateStatus, UseIdempotentCreateOptions } from './useIdempotentCreate';
export { useWorkflowAction } from './useWorkflowAction';
export type { UseWorkflowActionOptions, WorkflowAction, WorkflowOutcome, WorkflowStatus } from './useWorkflowAction';

// Headless dialog state
export { useMergeSession } from './useMergeSession';
export type { MergeItem, MergeSession, MergeSessionOptions } from './useMergeSession';
