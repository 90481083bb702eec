import type { Conflict, ConflictKind } from './conflict';
import { devWarning, isDev } from './devWarning';
import { compact, isRecord, own, readString, reasonTokenOf, requestIdOf } from './readers/bodyMembers';
import type { ConflictReader, ReaderContext } from './readers/conflictReader';
import { describeRequest, type SentRequest } from './readers/describeRequest';
import { flatReasonReader } from './readers/flatReasonReader';
import { idempotencyReader } from './readers/idempotencyReader';
import { isProblemBody, problemJsonReader } from './readers/problemJsonReader';
import { readBoundedText } from './readers/readBoundedText';
import { statusReader } from './readers/statusReader';
import type { RequestSummary } from './readers/summarizeRequest';

export { isConflictResponse } from './isConflictResponse';

/** Default cap on how much of a conflict body is read: 1 MiB. */
export const MAX_CONFLICT_BODY_BYTES = 1024 * 1024;

/**
 * The built-in readers, in the order they are tried (after any custom
 * readers): the kit's wire protocol and the HTTP status. Servers with a
 * dialect of their own are read by an adapter the app opts into:
 * `couchdbOptions` (conflict-kit/couchdb), `azureOptions`
 * (conflict-kit/azure), `kubernetesReader` (conflict-kit/advanced).
 */
export const builtInReaders: readonly ConflictReader[] = Object.freeze([
  problemJsonReader,
  flatReasonReader,
  idempotencyReader,
  statusReader,
]);

/** Options for {@link classifyConflict}. */
export interface ClassifyConflictOptions {
  /** The request that got the response: a fetch `Request` (its body is read from a clone only if unused) or a description of it. */
  readonly request?: Request | SentRequest;
  /**
   * The app's own readers; they run first, in order, before the built-in ones.
   * @default []
   */
  readonly readers?: readonly ConflictReader[];
  /**
   * How many bytes of the body to read at most; the rest is cancelled unread.
   * @default 1048576 (1 MiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * The clock, for `Retry-After` dates.
   * @default Date.now
   */
  readonly now?: () => number;
}

const KINDS: ReadonlySet<string> = new Set<ConflictKind>([
  'stale',
  'duplicate',
  'transition',
  'precondition-required',
  'idempotency-in-flight',
  'idempotency-mismatch',
  'deleted',
  'unknown',
]);

/** Fields every conflict gets from the response and request, whichever reader matched. */
function commonFields(ctx: ReaderContext): Partial<Conflict> {
  const { body, request } = ctx;
  const problem = isProblemBody(ctx);
  const requestId = requestIdOf(body, ctx.headers);
  const title = problem ? readString(own(body, 'title')) : undefined;
  const detail = readString(own(body, problem ? 'detail' : 'message'));
  const type = problem ? readString(own(body, 'type')) : undefined;
  return compact({ requestId, title, detail, type, method: request.method, url: request.url });
}

/** The adapter that reads a server dialect this answer looks like, which the client was not given (said in development builds). */
function adapterFor({ body, headers }: ReaderContext): string | undefined {
  const error = own(body, 'error');
  if (error === 'conflict' || error === 'file_exists' || (error === true && own(body, 'name') === 'conflict')) {
    return "CouchDB's: spread couchdbOptions from conflict-kit/couchdb into createConflictClient";
  }
  if (own(body, 'kind') === 'Status') return "a Kubernetes Status: pass kubernetesReader from conflict-kit/advanced in the client's readers";
  if (headers.get('x-ms-error-code')) return "Azure Storage's: spread azureOptions from conflict-kit/azure into createConflictClient";
  return undefined;
}

function unknownNote(ctx: ReaderContext, bodyUsed: boolean, maxBytes: number, reason: string | undefined): string {
  if (bodyUsed) return 'The response body had already been read, so only the status and headers were used.';
  if (ctx.truncated) return `The response body is larger than ${maxBytes} bytes, so only the status and headers were used.`;
  if (ctx.bodyUnavailable) return 'The response body could not be read, so only the status and headers were used.';
  if (ctx.text.trim() === '') return 'The response has no body to say what conflicted.';
  if (ctx.body === undefined) return `The response body is not JSON (${ctx.contentType || 'no content type'}).`;
  if (!isRecord(ctx.body)) return 'The JSON body is not an object.';
  return reason !== undefined
    ? `The server's reason "${reason}" is not one this kit knows.`
    : 'The JSON body carries no reason or code this kit knows.';
}

function parseBody(text: string, contentType: string, truncated: boolean): unknown {
  if (truncated) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || (!contentType.includes('json') && !/^[{[]/.test(trimmed))) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Runs one reader; a reader that throws or returns something that is not a conflict counts as no match. */
function runReader(reader: ConflictReader, ctx: ReaderContext): Conflict | undefined {
  let result: unknown;
  try {
    result = reader(ctx);
  } catch {
    return undefined;
  }
  if (!isRecord(result) || typeof result.kind !== 'string' || !KINDS.has(result.kind)) return undefined;
  const conflict = result as unknown as Conflict;
  if (conflict.kind === 'transition' && !Array.isArray(conflict.allowedTransitions)) {
    return { ...conflict, allowedTransitions: [] };
  }
  return conflict;
}

function statusOf(response: Response): number {
  try {
    const status: unknown = response.status;
    return Number.isInteger(status) ? (status as number) : 0;
  } catch {
    return 0;
  }
}

/** The response headers; duck-typed so `Headers` from another realm or polyfill still count. */
function headersOf(response: Response): Headers {
  const headers: unknown = response.headers;
  return typeof (headers as { get?: unknown } | null | undefined)?.get === 'function' ? (headers as Headers) : new Headers();
}

/**
 * Classifies a conflict response (409, 412, 428, …) into a {@link Conflict},
 * reading at most 1 MiB of its body; it never throws, falling back to `unknown`.
 */
export async function classifyConflict(response: Response, options: ClassifyConflictOptions = {}): Promise<Conflict> {
  // `?.`: a JavaScript caller's null options must give the fallback below, not a throw.
  return classifyWithSummary(response, await describeRequest(options?.request), options);
}

/**
 * {@link classifyConflict} for a caller that already knows what it sent (the
 * client), so no request is read back.
 * @internal
 */
export async function classifyWithSummary(
  response: Response,
  request: RequestSummary,
  options: Omit<ClassifyConflictOptions, 'request'>,
): Promise<Conflict> {
  const status = statusOf(response);
  try {
    const maxBytes =
      typeof options.maxBodyBytes === 'number' && options.maxBodyBytes >= 0
        ? Math.floor(options.maxBodyBytes)
        : MAX_CONFLICT_BODY_BYTES;
    const now = (options.now ?? Date.now)();
    const headers = headersOf(response);
    const contentType = (headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase().slice(0, 200) ?? '';
    const bodyUsed = response.bodyUsed === true;
    const read = bodyUsed ? { text: '', truncated: false, failed: true } : await readBoundedText(response.body, maxBytes);
    const ctx: ReaderContext = {
      status,
      headers,
      contentType,
      body: parseBody(read.text, contentType, read.truncated),
      text: read.text,
      truncated: read.truncated,
      bodyUnavailable: read.failed,
      request,
      now: Number.isFinite(now) ? now : 0,
    };
    const common = commonFields(ctx);
    for (const reader of [...(options.readers ?? []), ...builtInReaders]) {
      const conflict = runReader(reader, ctx);
      // Support matches the server's logs by its own reason or code, whatever the status or the type URI told the kit.
      if (conflict) return { ...common, ...conflict, ...compact({ reason: conflict.reason ?? reasonTokenOf(ctx.body) }) } as Conflict;
    }
    const reason = reasonTokenOf(ctx.body);
    if (isDev) {
      const adapter = adapterFor(ctx);
      if (adapter) devWarning(`A ${status} answer to ${request.method ?? 'a request'} ${request.url ?? ''} was not understood; it looks like ${adapter} to read it.`);
    }
    return {
      ...common,
      kind: 'unknown',
      status,
      source: 'fallback',
      note: unknownNote(ctx, bodyUsed, maxBytes, reason),
      ...compact({ reason }),
    };
  } catch {
    return { kind: 'unknown', status, source: 'fallback', note: 'The response could not be examined, so only its status was used.' };
  }
}
