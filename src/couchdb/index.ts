// conflict-kit/couchdb: CouchDB (and PouchDB Server, Cloudant) as the
// backend: `_rev` as the version, `_id`/`_rev` kept out of merges, and the
// `_changes` feed as a staleness source. CouchDB's conflict answers are
// read by its reader, which couchdbOptions adds. Apps that do not import it pay nothing.
export { couchdbMerge, couchdbOptions } from './couchdbOptions';
export { couchdbReader } from '../core/readers/couchdbReader';
export type { ConflictReader } from '../core/readers/conflictReader';
export { couchdbChanges } from './couchdbChanges';
export type { CouchdbChange, CouchdbChangesOptions } from './couchdbChanges';
export type { FetchLike } from '../core/conflictClientTypes';
export type { RecordRef } from '../core/remoteChange';
export type { SourceChange, StalenessListener, StalenessSource } from '../core/stalenessSource';
