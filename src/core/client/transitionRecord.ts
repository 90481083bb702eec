import type { TransitionOptions, TransitionResult } from '../conflictClientTypes';
import { hasVersion, readValidator } from '../etag';
import { hashRegistryKey } from '../hashRegistryKey';
import { readJsonBody } from '../readResponse';
import type { ClientContext } from './clientContext';
import { detectConflict } from './reportConflict';
import { sendWrite } from './sendWrite';
import { noteConflict } from './noteConflict';

/**
 * POSTs a workflow action once (never retried: replaying an action the
 * server refused could do harm) and records what it did to the record.
 * @internal
 */
export async function transitionRecord<T>(ctx: ClientContext, url: string, body: unknown, opts: TransitionOptions): Promise<TransitionResult<T>> {
  const target = ctx.resolve(url);
  const info = { method: 'POST', url: target };
  const key = opts.key !== undefined ? hashRegistryKey(opts.key) : undefined;
  const sent = await sendWrite(ctx, 'POST', target, { signal: opts.signal, headers: opts.headers, body }, opts.conflictId);
  const { response } = sent;
  if (!response.ok) {
    const conflict = await detectConflict(ctx, sent, info, opts.conflictId);
    if (key !== undefined) noteConflict(ctx.registry, key, conflict);
    return { ok: false, conflict };
  }
  const answer = await readJsonBody(response, info, false);
  const validator = readValidator(response.headers, answer, ctx.versionOptions);
  if (key !== undefined) {
    // The action changed the record; without a version in the answer the base is no longer known to be current.
    if (hasVersion(validator) && answer !== undefined) ctx.registry.record(key, { validator, base: answer });
    else ctx.registry.markUnknown(key);
  }
  return { ok: true, value: answer as T, validator };
}
