import type { TransitionOptions, TransitionResult } from '../conflictClientTypes';
import { readValidator } from '../etag';
import { hashRegistryKey } from '../hashRegistryKey';
import { hasVersion, readWriteAnswer } from './adoptWrite';
import { classifyFailure } from './classifyFailure';
import type { ClientContext } from './clientContext';
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
  const { response, request } = await ctx.send('POST', target, { signal: opts.signal, headers: opts.headers, body });
  if (!response.ok) {
    const conflict = await classifyFailure(response, request, info, ctx.readers ? { readers: ctx.readers } : {});
    if (key !== undefined) noteConflict(ctx.registry, key, conflict);
    return { ok: false, conflict };
  }
  const answer = await readWriteAnswer(response, info);
  const validator = readValidator(response.headers, answer, ctx.versionField !== undefined ? { versionField: ctx.versionField } : {});
  if (key !== undefined) {
    // The action changed the record; without a version in the answer the base is no longer known to be current.
    if (hasVersion(validator) && answer !== undefined) ctx.registry.record(key, { validator, base: answer });
    else ctx.registry.markUnknown(key);
  }
  return { ok: true, value: answer as T, validator };
}
