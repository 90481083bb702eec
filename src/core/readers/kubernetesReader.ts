import type { Conflict } from '../conflict';
import { own, readString, readToken } from './bodyMembers';
import { conflictOfKind, duplicateConflict } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

/** Where a resource named `name` lives, given the request that tried to create it. */
function existingUrl(method: string | undefined, url: string | undefined, name: string): string {
  if (url === undefined) return name;
  if (method === 'POST') {
    // POST goes to the collection (…/namespaces/ns/configmaps); the object is one segment below.
    const path = url.split(/[?#]/, 1)[0] ?? url;
    return `${path.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
  }
  return url;
}

/**
 * Reads Kubernetes `Status` bodies: `reason: "Conflict"` (a stale
 * `resourceVersion`) and `reason: "AlreadyExists"` (a create of a name in use).
 */
export const kubernetesReader: ConflictReader = (ctx): Conflict | undefined => {
  const body = ctx.body;
  if (own(body, 'kind') !== 'Status') return undefined;
  const reason = readToken(own(body, 'reason'));
  if (reason !== 'Conflict' && reason !== 'AlreadyExists') return undefined;
  const details = own(body, 'details');
  const name = readString(own(details, 'name'), 253);
  if (reason === 'AlreadyExists') {
    const existing = name === undefined ? undefined : existingUrl(ctx.request.method, ctx.request.url, name);
    return duplicateConflict(ctx, 'kubernetes', reason, existing);
  }
  return conflictOfKind(ctx, 'stale', 'kubernetes', undefined, reason);
};
