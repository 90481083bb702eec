'use client';
// conflict-kit: what an app needs: the client, the React provider and hooks,
// and the prebuilt dialogs. Framework-agnostic code: 'conflict-kit/core';
// building blocks: 'conflict-kit/advanced'.
export { createConflictClient } from './core/createConflictClient';
export type { ConflictClient, ConflictClientOptions, CreatedBase, CreatedRecord, CreatedUnread } from './core/conflictClientTypes';
export type { RecordRef, RemoteChange } from './core/remoteChange';
export type { SourceChange, StalenessListener, StalenessSource } from './core/stalenessSource';
export { ConflictKitError, HttpError, NetworkError } from './core/errors';
export type {
  Conflict,
  ConflictKind,
  DeletedConflict,
  DuplicateConflict,
  IdempotencyInFlightConflict,
  IdempotencyMismatchConflict,
  PreconditionRequiredConflict,
  StaleConflict,
  TransitionConflict,
  UnknownConflict,
} from './core/conflict';
export type { ConflictEvent, ConflictEventKind, ConflictEventListener, ConflictResolutionOutcome } from './core/telemetry/ConflictEvent';
export type { Freshness, RegistryKey } from './core/createVersionRegistry';
export type { Validator } from './core/etag';
export type { FieldConflict, RecordMergeOptions } from './core/mergeRecords';
export * from './react/index';
export * from './ui/index';
