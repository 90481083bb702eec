import type { RequestOptions } from '../conflictClientTypes';
import { InvalidResponseError } from '../errors';
import { formatETag, readValidator, type EntityTag, type Validator } from '../etag';
import { readJsonBody } from '../readResponse';
import type { ClientContext } from './clientContext';

/** A GET's outcome: the record, or a response that carried none (304 or a failure status). @internal */
export type Fetched =
  | { readonly ok: true; readonly response: Response; readonly value: unknown; readonly validator: Validator }
  | { readonly ok: false; readonly response: Response };

/**
 * GETs a record; with `etag`, conditionally (`If-None-Match` compares weakly,
 * so a weak tag is fine here, RFC 9110 §13.1.2). Never throws for a status:
 * the caller decides what a 304, 404 or 500 means.
 * @internal
 */
export async function fetchRecord(ctx: ClientContext, url: string, etag: EntityTag | undefined, init: RequestOptions): Promise<Fetched> {
  const { response } = await ctx.send('GET', url, {
    signal: init.signal,
    headers: init.headers,
    ...(etag ? { protocol: { 'if-none-match': formatETag(etag) } } : {}),
  });
  if (response.status === 304) {
    if (!etag) throw new InvalidResponseError('304 Not Modified to a GET without If-None-Match', { method: 'GET', url });
    return { ok: false, response };
  }
  if (!response.ok) return { ok: false, response };
  const value = await readJsonBody(response, { method: 'GET', url }, true);
  return { ok: true, response, value, validator: readValidator(response.headers, value, ctx.versionOptions) };
}
