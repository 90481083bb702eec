import type { Conflict } from '../conflict';
import { compact, own, readString } from './bodyMembers';
import { conflictOfKind, duplicateConflict, putTargetOf } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

/**
 * Reads CouchDB / PouchDB conflicts: `{"error":"conflict","reason":"Document
 * update conflict."}` is a stale `_rev` on an edit, and an existing id on a
 * create (POST, or PUT without `_rev` / `If-Match`); `file_exists` is a
 * database that already exists.
 */
export const couchdbReader: ConflictReader = (ctx): Conflict | undefined => {
  const body = ctx.body;
  const error = own(body, 'error');
  // CouchDB over HTTP: {"error":"conflict","reason":…}; PouchDB's error
  // objects serialised as-is: {"status":409,"name":"conflict","error":true,…}.
  const name = typeof error === 'string' ? error : error === true ? own(body, 'name') : undefined;
  if (name !== 'conflict' && name !== 'file_exists') return undefined;
  // CouchDB's `reason` is human text, so it becomes the detail, never the reason.
  const detail = readString(own(body, 'reason') ?? own(body, 'message'));
  const extra = compact({ detail });
  if (name === 'file_exists' || ctx.request.isCreate) return { ...duplicateConflict(ctx, 'couchdb', name, putTargetOf(ctx)), ...extra };
  // The current _rev is not in the body; only the ETag header (CouchDB sends
  // none on 409) could carry it, and conflictOfKind reads that. A document's
  // ETag is its strong rev: a weak one (pouchdb-server's Express tags the
  // error body itself) says nothing about the document, so it is dropped.
  const { currentETag, ...stale } = conflictOfKind(ctx, 'stale', 'couchdb', undefined, name);
  return { ...stale, ...(currentETag && !currentETag.weak ? { currentETag } : {}), ...extra };
};
