// The typical app whose size the package checks measure (scripts/checkPackage.mjs):
// provider, versioned query, guarded save, idempotent create, workflow action,
// draft, dialogs, notices and stale banner. It imports the dialogs from
// './dialogs.mjs', which the check writes twice: a static re-export (the whole
// app in one file) and a React.lazy wrapper (the figure with the dialogs split
// off by the app). Keep it to the names the README teaches.
import { ConflictKitProvider, createConflictClient, StaleBanner, ConflictNotices, useDraft, useGuardedSave, useIdempotentCreate, useVersionedQuery, useWorkflowAction, versionedQueryOptions } from 'conflict-kit';
import { ConflictDialogs } from './dialogs.mjs';

export const used = [
  createConflictClient,
  ConflictKitProvider,
  versionedQueryOptions,
  useVersionedQuery,
  useGuardedSave,
  useIdempotentCreate,
  useWorkflowAction,
  useDraft,
  ConflictDialogs,
  ConflictNotices,
  StaleBanner,
];
