import type { ReadOptions, ReadResult, RequestOptions, RevalidateResult } from '../conflictClientTypes';
import type { Freshness, VersionEntry } from '../createVersionRegistry';
import { hasVersion, isSameRecordVersion, readValidator, sameVersion, type Validator } from '../etag';
import { httpErrorFromResponse } from '../httpErrorFromResponse';
import type { ClientContext } from './clientContext';
import { fetchRecord, type Fetched } from './fetchRecord';

/**
 * What the registry learned about a record while a GET was out, which its
 * answer may predate: `'base'`, another version was recorded (a save);
 * `'mark'`, a stale, deleted or unknown mark (an event, another tab, an
 * action's answer); `'nothing'`, at most a re-confirmation of the same version.
 */
type Meanwhile = 'nothing' | 'mark' | 'base';

function meanwhile(sent: VersionEntry | undefined, current: VersionEntry | undefined): Meanwhile {
  if (current === undefined || current === sent) return 'nothing';
  // Data recorded without a version (hydrated from a server render) says nothing this answer could predate.
  if (!sent && current.freshness === 'unknown' && !hasVersion(current.validator)) return 'nothing';
  if (!sent || !isSameRecordVersion(sent.validator, sent.base, current.validator, current.base)) return 'base';
  return current.freshness === 'fresh' ? 'nothing' : 'mark';
}

type Got = Extract<Fetched, { ok: true }>;

/**
 * GETs a record and records it. Revalidating, it keeps the base and answers
 * `undefined` for a record that is gone instead of throwing. Unless `fresh`,
 * an answer the registry has moved past (the late-answer rule) yields to what
 * the registry knows.
 * @internal
 */
export async function readRecord<T>(
  ctx: ClientContext,
  url: string,
  opts: ReadOptions,
  revalidating: boolean,
): Promise<ReadResult<T> | undefined> {
  const target = ctx.resolve(url);
  const key = ctx.keyFor(url, opts.key);
  const sent = ctx.registry.get(key);
  const fresh = opts.fresh === true;
  // A fresh read, or one with no base to hand back on a 304, asks for the whole record.
  const etag = !fresh && sent?.base !== undefined ? sent.validator.etag : undefined;
  const got = await fetchRecord(ctx, target, etag, opts);
  if (!got.ok && got.response.status !== 304) {
    const gone = got.response.status === 404 || got.response.status === 410;
    if (gone) ctx.registry.markDeleted(key);
    if (gone && revalidating) return undefined;
    throw await httpErrorFromResponse(got.response, { method: 'GET', url: target });
  }
  const current = ctx.registry.get(key);
  const learned = meanwhile(sent, current);
  // Decided now, with the answer: a draft may have started while the read was in flight.
  const keepBase = revalidating || (typeof opts.keepBase === 'function' ? opts.keepBase() : opts.keepBase === true);
  // Records the answer. Keeping the base (a draft is open on it), the answer only confirms it
  // (`confirm`) or, being another version, marks it stale with that version; otherwise the
  // answer becomes the base.
  const adopt = ({ value, validator }: Got, held: VersionEntry | undefined, confirm: boolean, freshness: Freshness): void => {
    if (keepBase && held) {
      // The same version, perhaps with a better tag: Apache mod_dav turns W/"x" into "x" a second after a write.
      if (!isSameRecordVersion(held.validator, held.base, validator, value)) ctx.markNewer(key, validator, value);
      else if (confirm) ctx.registry.markFresh(key, { validator });
    } else {
      ctx.registry.record(key, { validator, base: value, freshness });
    }
  };
  if (fresh && got.ok) {
    // The answer is what the server holds now, so it is recorded whatever the registry learned
    // meanwhile, except over another base (a save recorded while it was out, which the answer
    // may predate); a mark that arrived meanwhile stays, since it may describe a later change.
    if (learned !== 'base') adopt(got, current, learned === 'nothing', learned === 'mark' && current ? current.freshness : 'fresh');
    return { value: got.value as T, validator: got.validator };
  }
  // The registry keeps what it learned, taking from the answer only the version an event announced.
  if (learned !== 'nothing' && !(got.ok && sameVersion(current!.latest?.validator, got.validator))) {
    return { value: current!.base as T, validator: current!.validator };
  }
  if (!got.ok) {
    // 304, which only answers the If-None-Match of a held entry. It carries the ETag
    // the 200 would have (RFC 9110 §15.4.5); keep the body version we had.
    const held = sent!;
    const confirmed = ctx.registry.markFresh(key, { validator: { ...held.validator, ...readValidator(got.response.headers) } });
    return { value: held.base as T, validator: confirmed?.validator ?? held.validator };
  }
  // The base to keep: what the registry held when the read went out, or (the answer being the
  // version it has since heard of) what it holds now, such as a draft's base restored meanwhile.
  adopt(got, learned === 'nothing' ? (sent ?? current) : current, true, 'fresh');
  return { value: got.value as T, validator: got.validator };
}

/**
 * Checks with a conditional GET whether the recorded base is still current.
 * @internal
 */
export async function revalidateRecord(ctx: ClientContext, url: string, opts: RequestOptions): Promise<RevalidateResult> {
  if (!(await readRecord(ctx, url, opts, true))) return 'deleted';
  const freshness = ctx.registry.get(ctx.keyFor(url, opts.key))?.freshness;
  return freshness === 'stale' || freshness === 'deleted' ? freshness : 'fresh';
}
