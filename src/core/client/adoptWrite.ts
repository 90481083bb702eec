import type { ReadResult, RequestOptions } from '../conflictClientTypes';
import { InvalidResponseError, type RequestInfo } from '../errors';
import { readValidator, type Validator } from '../etag';
import { readJsonBody } from '../readResponse';
import type { ClientContext } from './clientContext';
import { fetchRecord } from './fetchRecord';

/** Whether a validator carries a version (an ETag or a body version). @internal */
export function hasVersion(validator: Validator): boolean {
  return validator.etag !== undefined || validator.version !== undefined;
}

/**
 * Reads the body of a successful write. The status already says the write
 * happened, so a body that is not JSON (Apache mod_dav answers 201 with an
 * HTML "Created" page) means "no representation", never a failure: throwing
 * here would report a committed write as failed and invite a second one.
 * @internal
 */
export async function readWriteAnswer(response: Response, info: RequestInfo): Promise<unknown> {
  try {
    return await readJsonBody(response, info, false);
  } catch (error) {
    if (error instanceof InvalidResponseError) return undefined;
    throw error;
  }
}

/** Where a write's outcome goes: the registry key, and the URL to refetch when the answer carries no version. @internal */
export interface AdoptTarget {
  readonly key: string | undefined;
  readonly refetchUrl: string | undefined;
  /** The new state when the answer has no body (what was sent, or the patch applied to the base). */
  readonly guess: unknown;
}

/**
 * After a 2xx write: record the new version, or, when the response carries
 * none, mark the record unknown and refetch it. An ETag on a PUT response
 * describes the stored representation only when the server sends it
 * (RFC 9110 §9.3.4), so without one the kit must look.
 * @internal
 */
export async function adoptWrite(
  ctx: ClientContext,
  response: Response,
  info: RequestInfo,
  target: AdoptTarget,
  init: RequestOptions,
): Promise<ReadResult<unknown>> {
  const { key, refetchUrl } = target;
  const body = await readWriteAnswer(response, info);
  const validator = readValidator(response.headers, body, ctx.versionField !== undefined ? { versionField: ctx.versionField } : {});
  const value = body !== undefined ? body : target.guess;
  if (key === undefined) return { value, validator };
  // With a version field, an answer without it is not the record: CouchDB
  // answers a write with {ok, id, rev} (and an ETag that If-Match cannot use,
  // as CouchDB ignores it), so recording it would send the next write without
  // its _rev. Refetch the record instead.
  const isRecord = ctx.versionField === undefined || validator.version !== undefined;
  if (hasVersion(validator) && value !== undefined && isRecord) {
    ctx.registry.record(key, { validator, base: value });
    return { value, validator };
  }
  ctx.registry.markUnknown(key);
  if (refetchUrl === undefined) return { value, validator };
  try {
    const got = await fetchRecord(ctx.send, refetchUrl, undefined, init, ctx.versionField);
    if (got.ok) {
      ctx.registry.record(key, { validator: got.validator, base: got.value, freshness: hasVersion(got.validator) ? 'fresh' : 'unknown' });
      return { value: got.value, validator: got.validator };
    }
  } catch {
    // The write succeeded; failing to refetch leaves the record 'unknown', which the UI shows.
  }
  return { value, validator };
}
