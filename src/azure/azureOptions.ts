import type { ConflictClientOptions } from '../core/conflictClientTypes';
import { azureReader } from '../core/readers/azureReader';

/**
 * Client options for Azure Storage (Table and Blob service, Azurite):
 * {@link azureReader} reads Azure's error codes, and weak ETags are sent in
 * `If-Match` verbatim, since Azure hands out weak tags for entities and
 * accepts them back (against RFC 9110, which the kit follows by default).
 * Spread it into `createConflictClient`; an app with readers of its own lists
 * them before this one (`readers: [myReader, azureReader]`), since a
 * `readers` written after the spread replaces this one. The app's readers run
 * before the built-in ones, so with this client a 409 from another API whose
 * `code` looks like Azure's (`…AlreadyExists`, `ConditionNotMet`) is read as
 * Azure's would be.
 *
 * Without it the client reads Azure's answers by their status alone: a 412 is
 * still a stale write (a duplicate when it answers `If-None-Match: *`), but
 * without Azure's code as its `reason`; a create's 409 `EntityAlreadyExists`
 * is a conflict the kit does not understand, not a duplicate; other codes
 * (a lease, a pending copy) are not named; and a save based on a Table
 * entity's weak ETag throws `UnprotectedWriteError` instead of being sent.
 */
export const azureOptions = { readers: [azureReader], allowWeakETags: true } as const satisfies ConflictClientOptions;
