import type { ConflictClientOptions } from '../core/conflictClientTypes';
import type { RecordMergeOptions } from '../core/mergeRecords';

/**
 * Client options for a CouchDB database (and PouchDB Server, Cloudant):
 * `_rev` is the version. CouchDB's document ETag is the same rev, so saves
 * carry it in `If-Match` when the ETag is readable and strong, and in the
 * body's `_rev` otherwise (PouchDB Server's weak ETags, or an ETag a
 * cross-origin server does not expose). Spread it into `createConflictClient`.
 */
export const couchdbOptions = { versionField: '_rev' } as const satisfies ConflictClientOptions;

/**
 * Merge options for CouchDB documents: `_rev` and `_id` are the server's,
 * never merged (the server's side is kept). Spread it into a save's `merge`
 * with the app's own (`{ ...couchdbMerge, text: ['/notes'] }`).
 */
export const couchdbMerge = { ignore: ['/_rev', '/_id'] } as const satisfies RecordMergeOptions;
