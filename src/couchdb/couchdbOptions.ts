import type { ConflictClientOptions } from '../core/conflictClientTypes';
import type { RecordMergeOptions } from '../core/mergeRecords';
import { couchdbReader } from '../core/readers/couchdbReader';

/**
 * Client options for a CouchDB database (and PouchDB Server, Cloudant):
 * `_rev` is the version. CouchDB's document ETag is the same rev, so saves
 * carry it in `If-Match` when the ETag is readable and strong, and in the
 * body's `_rev` otherwise (PouchDB Server's weak ETags, or an ETag a
 * cross-origin server does not expose). {@link couchdbReader} reads CouchDB's
 * conflict answers (`{"error":"conflict"}`: a stale `_rev` on an edit, an
 * existing id on a create; `file_exists`). Spread it into
 * `createConflictClient`; an app with readers of its own lists them before
 * this one (`readers: [myReader, couchdbReader]`), since a `readers` written
 * after the spread replaces this one.
 *
 * Without it a CouchDB 409 is read by its status alone: a create sent with
 * `If-None-Match: *` is still a duplicate, and an edit's 409 is a conflict
 * the kit does not understand, so a save reads the document again and merges
 * if it changed, else explains the refusal.
 */
export const couchdbOptions = { versionField: '_rev', readers: [couchdbReader] } as const satisfies ConflictClientOptions;

/**
 * Merge options for CouchDB documents: `_rev` and `_id` are the server's,
 * never merged (the server's side is kept). Spread it into a save's `merge`
 * with the app's own (`{ ...couchdbMerge, text: ['/notes'] }`).
 */
export const couchdbMerge = { ignore: ['/_rev', '/_id'] } as const satisfies RecordMergeOptions;
