import type { Conflict } from '../conflict';
import type { SaveOptions, SaveResult } from '../conflictClientTypes';
import { UnprotectedWriteError, type RequestInfo } from '../errors';
import { buildIfMatch, formatETag, writeVersionField, type Validator } from '../etag';
import { applyMergePatch, mergePatch } from '../mergePatch';
import { isRecord } from '../readers/bodyMembers';
import { readJsonBody } from '../readResponse';
import { adoptWrite } from './adoptWrite';
import type { ClientContext } from './clientContext';
import { noteConflict } from './noteConflict';
import { detectConflict, reportConflict } from './reportConflict';
import { sendWrite } from './sendWrite';
import { upgradeWeakTag } from './upgradeWeakTag';

interface Guarded {
  readonly body: unknown;
  readonly protocol: Record<string, string>;
}

/**
 * The precondition a write carries: `If-Match` with a strong ETag, else the
 * body version field, else (for a weak tag) a refetch that may find the
 * strong one. Refuses to send blind unless `unprotected`.
 */
async function guard(
  ctx: ClientContext,
  body: unknown,
  validator: Validator,
  where: { readonly target: string; readonly key: string; readonly info: RequestInfo },
  opts: SaveOptions,
): Promise<Guarded | { conflict: Conflict }> {
  const ifMatch = buildIfMatch(validator.etag, { allowWeak: ctx.allowWeakETags });
  if (ifMatch.ok) return { body, protocol: { 'if-match': ifMatch.value } };
  if (ctx.versionField !== undefined && validator.version !== undefined && isRecord(body)) {
    return { body: writeVersionField(body, ctx.versionField, validator.version), protocol: {} };
  }
  if (opts.unprotected) return { body, protocol: {} };
  const weak = ifMatch.reason === 'weak-etag' ? validator.etag : undefined;
  const upgraded = weak ? await upgradeWeakTag(ctx, where.target, where.key, weak, opts) : null;
  if (!upgraded) throw new UnprotectedWriteError(ifMatch.reason, ifMatch.message, where.info);
  if ('conflict' in upgraded) return upgraded;
  return { body, protocol: { 'if-match': formatETag(upgraded.strong) } };
}

/**
 * Writes a record guarded by its version; a conflict comes back as a value
 * and is noted in the registry.
 * @internal
 */
export async function saveRecord<T>(ctx: ClientContext, url: string, value: unknown, opts: SaveOptions): Promise<SaveResult<T>> {
  const method = opts.method ?? 'PUT';
  const target = ctx.resolve(url);
  const key = ctx.keyFor(url, opts.key);
  const info = { method, url: target };
  const entry = ctx.registry.get(key);
  const validator = opts.validator ?? entry?.validator ?? {};
  const baseValue = opts.base !== undefined ? opts.base : entry?.base;
  const patching = method === 'PATCH' && baseValue !== undefined;
  // RFC 7396: a PATCH sends only what changed against the base.
  const patch = patching && !opts.asPatch ? mergePatch(baseValue, value) : value;
  const guarded = await guard(ctx, patch, validator, { target, key, info }, opts);
  if ('conflict' in guarded) return { ok: false, conflict: reportConflict(ctx, guarded.conflict, info, undefined, opts.conflictId) };

  const sent = await sendWrite(
    ctx,
    method,
    target,
    {
      signal: opts.signal,
      headers: opts.headers,
      protocol: guarded.protocol,
      body: guarded.body,
      contentType: method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    },
    opts.conflictId,
  );
  const { response } = sent;
  if (!response.ok) {
    const conflict = await detectConflict(ctx, sent, info, opts.conflictId);
    noteConflict(ctx.registry, key, conflict);
    return { ok: false, conflict };
  }
  // With no body in the answer, the new state is what was sent (the patch applied to the base).
  const guess = method === 'PUT' ? value : patching ? applyMergePatch(baseValue, patch) : undefined;
  const reply = await readJsonBody(response, info, false);
  const saved = await adoptWrite(ctx, reply, response.headers, { key, refetchUrl: target, guess, sent: guarded.body }, opts);
  return { ok: true, value: saved.value as T, validator: saved.validator };
}
