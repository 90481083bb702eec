import type { Conflict } from './conflict';
import type { Fetched } from './conflictClientRecovery';
import type {
  ConflictClient,
  ConflictClientOptions,
  CreateOptions,
  CreateResult,
  ReadOptions,
  ReadResult,
  RequestOptions,
  RevalidateResult,
  SaveOptions,
  SaveResult,
  TransitionOptions,
  TransitionResult,
} from './conflictClientTypes';
import { createIntent, type Intent } from './createIntent';
import { createVersionRegistry, hashKey, type RegistryKey, type VersionEntry } from './createVersionRegistry';
import { ConflictKitError, InvalidResponseError, NetworkError, RecoveryUnavailableError, UnprotectedWriteError, type RequestInfo } from './errors';
import { buildIfMatch, formatETag, isSameRecordVersion, readValidator, sameVersion, writeVersionField, type EntityTag, type Validator } from './etag';
import type { SentRequest } from './readers/describeRequest';
import { readChangeInfo, type ChangeAuthor } from './readChangeInfo';
import { readJsonBody } from './readResponse';

interface SendInit {
  readonly signal?: AbortSignal | undefined;
  readonly headers?: HeadersInit | undefined;
  readonly protocol?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

interface Sent {
  readonly response: Response;
  readonly request: SentRequest;
}

const ACCEPT = 'application/json, application/problem+json;q=0.9';

/** A JSON object (not an array), which can carry a version field. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasVersion(validator: Validator): boolean {
  return validator.etag !== undefined || validator.version !== undefined;
}

/** Whether a fetched representation is the version the entry holds. */
function isSameAsBase(entry: VersionEntry, validator: Validator, value: unknown): boolean {
  return isSameRecordVersion(entry.validator, entry.base, validator, value);
}

/**
 * Reads the body of a successful write. The status already says the write
 * happened, so a body that is not JSON (Apache mod_dav answers 201 with an
 * HTML "Created" page) means "no representation", never a failure: throwing
 * here would report a committed write as failed and invite a second one.
 */
async function readWriteAnswer(response: Response, info: RequestInfo): Promise<unknown> {
  try {
    return await readJsonBody(response, info, false);
  } catch (error) {
    if (error instanceof InvalidResponseError) return undefined;
    throw error;
  }
}

/**
 * Creates a conflict client: reads record versions into a registry, guards
 * every write with them, creates once per intent, and hands back conflicts
 * as values while real failures are thrown as typed errors.
 */
export function createConflictClient(options: ConflictClientOptions = {}): ConflictClient {
  const registry = options.registry ?? createVersionRegistry(options.now ? { now: options.now } : {});
  const versionOptions = options.versionField !== undefined ? { versionField: options.versionField } : {};
  const classifyOptions = options.readers ? { readers: options.readers } : {};
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const changeOf = options.changeOf ?? readChangeInfo;

  /** Marks a key stale with a newer version seen on the server, and who made it when the value says so. */
  const markNewer = (key: string, validator: Validator, value: unknown): void => {
    let author: ChangeAuthor = {};
    try {
      author = changeOf(value);
    } catch {
      // An app's reader failing on an odd record must not hide the staleness itself.
    }
    registry.markStale(key, { ...author, latest: { validator, value } });
  };

  // The failure path (classifier, readers, error bodies) loads on the first failure, not with the client.
  // Offline, that chunk may not load: say so instead of the browser's raw import error.
  const recovery = (info: RequestInfo = {}) =>
    import('./conflictClientRecovery').catch((cause: unknown) => {
      throw new RecoveryUnavailableError(info, cause);
    });
  /** The conflict a non-2xx answer carries; throws the HttpError when it is no conflict. */
  const conflictOf = async (response: Response, request: SentRequest, info: RequestInfo): Promise<Conflict> =>
    (await recovery(info)).conflictOf(response, request, info, classifyOptions);
  const httpError = async (response: Response, info: RequestInfo): Promise<Error> =>
    (await recovery(info)).httpErrorFromResponse(response, info);

  const resolve = (url: string): string => {
    if (base === '' || /^[a-z][a-z\d+.-]*:/i.test(url)) return url;
    return `${base}/${url.replace(/^\/+/, '')}`;
  };
  const keyFor = (url: string, key?: RegistryKey): string => hashKey(key ?? resolve(url));

  const send = async (method: string, url: string, init: SendInit): Promise<Sent> => {
    const info: RequestInfo = { method, url };
    const headers = new Headers({ accept: ACCEPT });
    const shared = typeof options.headers === 'function' ? options.headers() : options.headers;
    for (const extra of [shared, init.headers]) {
      if (extra) new Headers(extra).forEach((value, name) => headers.set(name, value));
    }
    let text: string | undefined;
    if (init.body !== undefined) {
      try {
        text = JSON.stringify(init.body);
      } catch (error) {
        throw new ConflictKitError('The value to send cannot be serialised as JSON (a cycle or a BigInt?).', info, { cause: error });
      }
      headers.set('content-type', init.contentType ?? 'application/json');
    }
    for (const [name, value] of Object.entries(init.protocol ?? {})) headers.set(name, value);
    const fetchFn = options.fetch ?? ((input: string, requestInit: RequestInit) => globalThis.fetch(input, requestInit));
    const request: SentRequest = { method, url, headers, ...(init.body !== undefined ? { body: init.body } : {}) };
    try {
      const response = await fetchFn(url, {
        method,
        headers,
        ...(text !== undefined ? { body: text } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      return { response, request };
    } catch (error) {
      // A cancellation is the caller's decision, not a network failure.
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      throw new NetworkError(info, error);
    }
  };

  /** GETs a record; with `etag`, conditionally. Returns `null` on 304. */
  const fetchRecord = async (
    url: string,
    etag: EntityTag | undefined,
    init: RequestOptions,
  ): Promise<Fetched> => {
    const { response } = await send('GET', url, {
      signal: init.signal,
      headers: init.headers,
      // If-None-Match compares weakly, so a weak tag is fine here (RFC 9110 §13.1.2).
      ...(etag ? { protocol: { 'if-none-match': formatETag(etag) } } : {}),
    });
    if (response.status === 304) {
      if (!etag) throw new InvalidResponseError('304 Not Modified to a GET without If-None-Match', { method: 'GET', url });
      return { ok: false, response };
    }
    if (!response.ok) return { ok: false, response };
    const value = await readJsonBody(response, { method: 'GET', url }, true);
    return { ok: true, response, value, validator: readValidator(response.headers, value, versionOptions) };
  };

  /**
   * Whether the registry learned something while a request was out that its
   * answer may predate: a stale, deleted or unknown mark (an event, another
   * tab, an action's answer), or another version (a save). A mere
   * re-confirmation of the same version is not.
   */
  const movedOn = (current: VersionEntry | undefined, sent: VersionEntry | undefined): current is VersionEntry =>
    current !== undefined &&
    current !== sent &&
    (current.freshness !== 'fresh' || !sent || !isSameAsBase(sent, current.validator, current.base));

  /**
   * GETs a record and records it. Revalidating, it keeps the base (as
   * `keepBase`) and answers `undefined` for a record that is gone instead of
   * throwing.
   */
  const load = async <T>(url: string, opts: ReadOptions, revalidating: boolean): Promise<ReadResult<T> | undefined> => {
    const target = resolve(url);
    const key = keyFor(url, opts.key);
    const entry = registry.get(key);
    // With no base to hand back on a 304, ask for the whole record.
    const etag = entry?.base !== undefined ? entry.validator.etag : undefined;
    const got = await fetchRecord(target, etag, opts);
    if (!got.ok && got.response.status !== 304) {
      const gone = got.response.status === 404 || got.response.status === 410;
      if (gone) registry.markDeleted(key);
      if (gone && revalidating) return undefined;
      throw await httpError(got.response, { method: 'GET', url: target });
    }
    const current = registry.get(key);
    // The answer may predate what the registry learned while it was out: the
    // registry keeps that, taking from the answer only the version an event announced.
    if (!opts.fresh && movedOn(current, entry) && !(got.ok && sameVersion(current.latest?.validator, got.validator))) {
      return { value: current.base as T, validator: current.validator };
    }
    if (!got.ok) {
      // 304, which only answers the If-None-Match of a held entry. It carries the ETag
      // the 200 would have (RFC 9110 §15.4.5); keep the body version we had.
      const held = entry!;
      const fresh = registry.markFresh(key, { validator: { ...held.validator, ...readValidator(got.response.headers) } });
      return { value: held.base as T, validator: fresh?.validator ?? held.validator };
    }
    const { value, validator } = got;
    // Decided now, with the answer: a draft may have started while the read was in flight.
    const keepBase = revalidating || (typeof opts.keepBase === 'function' ? opts.keepBase() : opts.keepBase);
    if (keepBase && entry) {
      // The same version, perhaps with a better tag: Apache mod_dav turns W/"x" into "x" a second after a write.
      if (isSameAsBase(entry, validator, value)) registry.markFresh(key, { validator });
      else markNewer(key, validator, value);
    } else {
      registry.record(key, { validator, base: value });
    }
    return { value: value as T, validator };
  };

  const read = async <T>(url: string, opts: ReadOptions = {}): Promise<ReadResult<T>> => (await load<T>(url, opts, false))!;

  const revalidate = async (url: string, opts: RequestOptions = {}): Promise<RevalidateResult> => {
    if (!(await load(url, opts, true))) return 'deleted';
    const freshness = registry.get(keyFor(url, opts.key))?.freshness;
    return freshness === 'stale' || freshness === 'deleted' ? freshness : 'fresh';
  };

  /**
   * After a 2xx write: record the new version, or, when the response carries
   * none, mark the record unknown and refetch it. An ETag on a PUT response
   * describes the stored representation only when the server sends it
   * (RFC 9110 §9.3.4), so without one the kit must look.
   */
  const adoptWrite = async (
    refetchUrl: string | undefined,
    key: string | undefined,
    response: Response,
    info: RequestInfo,
    guess: unknown,
    init: RequestOptions,
  ): Promise<ReadResult<unknown>> => {
    const body = await readWriteAnswer(response, info);
    const validator = readValidator(response.headers, body, versionOptions);
    const value = body !== undefined ? body : guess;
    if (key === undefined) return { value, validator };
    // With a version field, an answer without it is not the record: CouchDB
    // answers a write with {ok, id, rev} (and an ETag that If-Match cannot use,
    // as CouchDB ignores it), so recording it would send the next write without
    // its _rev. Refetch the record instead.
    const isRecord = options.versionField === undefined || validator.version !== undefined;
    if (hasVersion(validator) && value !== undefined && isRecord) {
      registry.record(key, { validator, base: value });
      return { value, validator };
    }
    registry.markUnknown(key);
    if (refetchUrl === undefined) return { value, validator };
    try {
      const got = await fetchRecord(refetchUrl, undefined, init);
      if (got.ok) {
        registry.record(key, { validator: got.validator, base: got.value, freshness: hasVersion(got.validator) ? 'fresh' : 'unknown' });
        return { value: got.value, validator: got.validator };
      }
    } catch {
      // The write succeeded; failing to refetch leaves the record 'unknown', which the UI shows.
    }
    return { value, validator };
  };

  const save = async <T>(url: string, value: unknown, opts: SaveOptions = {}): Promise<SaveResult<T>> => {
    const method = opts.method ?? 'PUT';
    const target = resolve(url);
    const key = keyFor(url, opts.key);
    const info = { method, url: target };
    const entry = registry.get(key);
    const validator = opts.validator ?? entry?.validator ?? {};
    const baseValue = opts.base !== undefined ? opts.base : entry?.base;
    // The merge-patch code (RFC 7396) loads with the first save that is not a PUT.
    const patching = method !== 'PUT' && baseValue !== undefined ? await import('./mergePatch') : undefined;
    const patch = method === 'PATCH' && !opts.asPatch && patching ? patching.mergePatch(baseValue, value) : value;
    let body = patch;
    const protocol: Record<string, string> = {};

    const ifMatch = buildIfMatch(validator.etag, { allowWeak: options.allowWeakETags === true });
    if (ifMatch.ok) {
      protocol['if-match'] = ifMatch.value;
    } else if (options.versionField !== undefined && validator.version !== undefined && isRecord(body)) {
      body = writeVersionField(body, options.versionField, validator.version);
    } else if (!opts.unprotected) {
      const weak = ifMatch.reason === 'weak-etag' ? validator.etag : undefined;
      const upgraded = weak
        ? await (await recovery()).upgradeWeakTag({ registry, target, key, weak, markNewer, fetch: () => fetchRecord(target, undefined, opts) })
        : null;
      if (!upgraded) throw new UnprotectedWriteError(ifMatch.reason, ifMatch.message, info);
      if ('conflict' in upgraded) return { ok: false, conflict: upgraded.conflict };
      protocol['if-match'] = formatETag(upgraded.strong);
    }

    const { response, request } = await send(method, target, {
      signal: opts.signal,
      headers: opts.headers,
      protocol,
      body,
      contentType: method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    });
    if (!response.ok) {
      const conflict = await conflictOf(response, request, info);
      (await recovery()).noteConflict(registry, key, conflict);
      return { ok: false, conflict };
    }
    // With no body in the answer, the new state is what was sent (the patch applied to the base).
    const guess = method === 'PUT' ? value : patching ? patching.applyMergePatch(baseValue, patch) : undefined;
    const saved = await adoptWrite(target, key, response, info, guess, opts);
    return { ok: true, value: saved.value as T, validator: saved.validator };
  };

  const intent = (scope: string): Intent =>
    createIntent(scope, {
      ...(options.intentStorage ? { storage: options.intentStorage } : {}),
      ...(options.generateKey ? { generateKey: options.generateKey } : {}),
      ...(options.now ? { now: options.now } : {}),
    });

  const create = async <T>(url: string, body: unknown, opts: CreateOptions): Promise<CreateResult<T>> => {
    const method = opts.method ?? 'POST';
    const target = resolve(url);
    const info = { method, url: target };
    const current = typeof opts.intent === 'string' ? intent(opts.intent) : opts.intent;
    const protocol: Record<string, string> = { 'idempotency-key': current.header };
    // "Only if it does not exist yet" (RFC 9110 §13.1.2).
    if (method === 'PUT') protocol['if-none-match'] = '*';
    // A network failure throws here and keeps the intent: the retry reuses its key.
    const { response, request } = await send(method, target, { signal: opts.signal, headers: opts.headers, protocol, body });
    if (!response.ok) {
      const conflict = await conflictOf(response, request, info);
      // The thing exists: the intent is fulfilled, and the app adopts the existing record.
      if (conflict.kind === 'duplicate') current.complete();
      return { ok: false, conflict };
    }
    const rawLocation = response.headers.get('location');
    let location: string | undefined;
    if (rawLocation) {
      try {
        location = new URL(rawLocation, target).toString();
      } catch {
        location = rawLocation;
      }
    }
    const recordKey = opts.key !== undefined ? hashKey(opts.key) : method === 'PUT' ? keyFor(url) : location;
    const created = await adoptWrite(location ?? (method === 'PUT' ? target : undefined), recordKey, response, info, undefined, opts);
    current.complete();
    // Stripe sends `true`; structured-field booleans are `?1`.
    const replayed = /^(\?1|true)$/i.test(response.headers.get('idempotent-replayed')?.trim() ?? '');
    return { ok: true, value: created.value as T, validator: created.validator, replayed, ...(location !== undefined ? { location } : {}) };
  };

  const transition = async <T>(url: string, body: unknown, opts: TransitionOptions = {}): Promise<TransitionResult<T>> => {
    const target = resolve(url);
    const info = { method: 'POST', url: target };
    const key = opts.key !== undefined ? hashKey(opts.key) : undefined;
    const { response, request } = await send('POST', target, { signal: opts.signal, headers: opts.headers, body });
    if (!response.ok) {
      const conflict = await conflictOf(response, request, info);
      if (key !== undefined) (await recovery()).noteConflict(registry, key, conflict);
      return { ok: false, conflict };
    }
    const answer = await readWriteAnswer(response, info);
    const validator = readValidator(response.headers, answer, versionOptions);
    if (key !== undefined) {
      // The action changed the record; without a version in the answer the base is no longer known to be current.
      if (hasVersion(validator) && answer !== undefined) registry.record(key, { validator, base: answer });
      else registry.markUnknown(key);
    }
    return { ok: true, value: answer as T, validator };
  };

  const changeOfValue = (value: unknown): ChangeAuthor => {
    try {
      return changeOf(value);
    } catch {
      return {};
    }
  };

  return { registry, keyFor, intent, changeOf: changeOfValue, read, revalidate, save, create, transition };
}
