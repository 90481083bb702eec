import type { RequestOptions } from '../conflictClientTypes';
import { hasVersion, readValidator, type Validator } from '../etag';
import { isRecord } from '../readers/bodyMembers';
import type { ClientContext } from './clientContext';
import { fetchRecord } from './fetchRecord';

/** Where a write's outcome goes: the registry key, and the URL to read the record from when the answer is not it. @internal */
export interface AdoptTarget {
  readonly key: string | undefined;
  readonly refetchUrl: string | undefined;
  /** The new state when the answer has no body (what was sent, or the patch applied to the base). */
  readonly guess: unknown;
  /** What was sent: an answer missing one of its members is an acknowledgement, not the record. */
  readonly sent: unknown;
}

/** A write's outcome: the record and its version (`read`), or, when it could not be had, the answer as it came. @internal */
export interface Adopted {
  readonly value: unknown;
  readonly validator: Validator;
  readonly read: boolean;
}

/**
 * After a 2xx write: record the new version when the answer is the record
 * with its version; otherwise mark the record unknown and read it back. An
 * ETag on a PUT response describes the stored representation only when the
 * server sends it (RFC 9110 §9.3.4), and a 201's body may only describe
 * the new resource (§15.3.2), so without both the kit must look.
 * @internal
 */
export async function adoptWrite(ctx: ClientContext, reply: unknown, headers: Headers, target: AdoptTarget, init: RequestOptions): Promise<Adopted> {
  const { key, refetchUrl, sent } = target;
  const validator = readValidator(headers, reply, ctx.versionOptions);
  const value = reply !== undefined ? reply : target.guess;
  // CouchDB answers a write with {ok, id, rev} (and an ETag that If-Match
  // cannot use, as CouchDB ignores it): neither the _rev nor what was sent,
  // so recording it would send the next write without its _rev.
  const isTheRecord =
    value !== undefined &&
    hasVersion(validator) &&
    (ctx.versionField === undefined || validator.version !== undefined) &&
    (!isRecord(sent) || (isRecord(value) && Object.keys(sent).every((name) => name in value)));
  if (isTheRecord) {
    if (key !== undefined) ctx.registry.record(key, { validator, base: value });
    return { value, validator, read: true };
  }
  if (key !== undefined) ctx.registry.markUnknown(key);
  if (refetchUrl !== undefined) {
    try {
      const got = await fetchRecord(ctx, refetchUrl, undefined, init);
      if (got.ok) {
        if (key !== undefined) ctx.registry.record(key, { validator: got.validator, base: got.value, freshness: hasVersion(got.validator) ? 'fresh' : 'unknown' });
        return { value: got.value, validator: got.validator, read: true };
      }
    } catch {
      // The write succeeded; failing to read it back must not report it failed (a retry would write again). The record stays 'unknown', which the UI shows.
    }
  }
  return { value, validator, read: false };
}
