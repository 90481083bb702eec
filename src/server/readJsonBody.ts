import { badRequestProblem, payloadTooLargeProblem, unprocessableProblem, unsupportedMediaTypeProblem } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** Options for {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  /**
   * Largest body accepted, in bytes; a longer one is a 413.
   * @default 1_048_576 (1 MiB)
   */
  readonly limit?: number;
  /**
   * Deepest nesting of arrays and objects accepted; a deeper body is a 422.
   * Code that walks a value recursively (a merge patch, a schema check)
   * overflows the stack on a small body nested thousands of levels deep.
   * @default 64
   */
  readonly maxDepth?: number;
  /** The server's request id, written into problem bodies. */
  readonly requestId?: string | undefined;
}

/** The outcome of {@link readJsonBody}: the parsed value, or the problem response to send. */
export type ReadJsonBodyResult =
  | {
      readonly ok: true;
      /** The parsed JSON; validate it before use. */
      readonly value: unknown;
      /** The body text exactly as received (for an Idempotency-Key fingerprint). */
      readonly raw: string;
    }
  | {
      readonly ok: false;
      /** 400 (empty, not UTF-8, not JSON), 413 (too large), 415 (not a JSON media type) or 422 (nested too deeply). */
      readonly response: Response;
    };

/** Default for {@link ReadJsonBodyOptions.limit}. */
export const DEFAULT_JSON_BODY_LIMIT = 1_048_576;

/** Default for {@link ReadJsonBodyOptions.maxDepth}. */
export const DEFAULT_JSON_MAX_DEPTH = 64;

/**
 * True when valid JSON text nests arrays and objects deeper than `max`. One
 * pass over the text without recursion; brackets inside strings do not count.
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) {
      depth--;
    }
  }
  return false;
}

// application/json, and any structured +json type such as
// application/merge-patch+json (RFC 7396 §4.1) or application/problem+json
// (RFC 6839 §3.1).
const JSON_MEDIA_TYPE = /^application\/(?:json|[!#$%&'*+.^_`|~0-9a-z-]+\+json)$/;

/** Why a Content-Type is not acceptable, or `undefined` when it is. */
function contentTypeProblem(value: string | null): string | undefined {
  if (value === null || value.trim() === '') {
    return 'The request has no Content-Type. Send the body as JSON with Content-Type: application/json.';
  }
  const [mediaType = '', ...params] = value.split(';');
  const type = mediaType.trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(type)) {
    return `The body is ${JSON.stringify(type.slice(0, 100))}, but this endpoint reads JSON (application/json, application/merge-patch+json or another +json type).`;
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    // JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1).
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return `The body is declared as ${JSON.stringify(charset.slice(0, 40))}; JSON must be sent as UTF-8 (RFC 8259 §8.1).`;
    }
  }
  return undefined;
}

/**
 * Reads a request body as JSON with a size limit: checks the media type,
 * refuses early on a `Content-Length` over the limit and still counts the
 * bytes as they stream (the header may lie or be absent), decodes strict
 * UTF-8 and parses. Never throws for bad input.
 */
export async function readJsonBody(request: Request, options: ReadJsonBodyOptions = {}): Promise<ReadJsonBodyResult> {
  const limit = options.limit ?? DEFAULT_JSON_BODY_LIMIT;
  const maxDepth = options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH;
  const extras = { requestId: options.requestId };
  const fail = (response: Response): ReadJsonBodyResult => {
    // Stop the client's upload; nothing more of it will be read.
    if (request.body && !request.bodyUsed) request.body.cancel().catch(() => undefined);
    return { ok: false, response };
  };
  const tooLarge = (): Response =>
    payloadTooLargeProblem(`The request body is larger than ${limit} bytes, the most this endpoint accepts.`, extras);

  const mediaProblem = contentTypeProblem(request.headers.get('content-type'));
  if (mediaProblem !== undefined) {
    // RFC 5789 §2.2: a 415 for PATCH says which patch formats are accepted.
    const headers: Record<string, string> =
      request.method.toUpperCase() === 'PATCH' ? { 'Accept-Patch': 'application/merge-patch+json, application/json' } : {};
    return fail(unsupportedMediaTypeProblem(mediaProblem, { ...extras, headers }));
  }
  const encoding = request.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') {
    // RFC 9110 §15.5.16: an unsupported content coding is a 415 with Accept-Encoding.
    return fail(
      unsupportedMediaTypeProblem('The body is compressed; send it uncompressed.', {
        ...extras,
        headers: { 'Accept-Encoding': 'identity' },
      }),
    );
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > limit) return fail(tooLarge());

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
          reader.cancel().catch(() => undefined);
          return { ok: false, response: tooLarge() };
        }
        chunks.push(value);
      }
    } catch {
      return {
        ok: false,
        response: badRequestProblem('The request body could not be read; the upload was interrupted.', extras),
      };
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }

  const invalid = (detail: string): ReadJsonBodyResult => ({
    ok: false,
    response: badRequestProblem(detail, {
      ...extras,
      type: PROBLEM_TYPES.invalidJson,
      reason: PROBLEM_REASONS.invalidJson,
      title: 'Invalid JSON',
    }),
  });
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid('The request body is not valid UTF-8.');
  }
  if (raw.trim() === '') return invalid('The request body is empty; this endpoint expects a JSON document.');
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message.slice(0, 200)}` : '';
    return invalid(`The request body is not valid JSON${reason}.`);
  }
  // Fewer characters than levels cannot nest that deep: skip the scan.
  if (raw.length > maxDepth && nestsDeeperThan(raw, maxDepth)) {
    return {
      ok: false,
      response: unprocessableProblem({
        ...extras,
        title: 'Nested too deeply',
        detail: `The JSON body nests arrays or objects more than ${maxDepth} levels deep, the most this endpoint accepts.`,
        maxDepth,
      }),
    };
  }
  return { ok: true, value, raw };
}
