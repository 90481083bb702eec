/**
 * Generators of hostile and broken HTTP answers: what proxies, error pages,
 * half-dead servers and attackers send back instead of a tidy problem+json.
 */
import fc from 'fast-check';

/** One MiB plus: bigger than the classifier's default read cap. */
export const ONE_MEGABYTE_STRING = 'A'.repeat(1024 * 1024 + 17);

/** Strings that break naive renderers, template engines, object merges and terminals. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</textarea><svg onload=alert(1)>',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'prototype',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '\u202Egnp.exe',
  '\u200F\u202B\u2066right-to-left\u2069',
  '\u0000\u0001\u001b[2J\u0007',
  '\ud800 lone surrogate',
  'zalgơ̵̡̺͈͙̪̤͉̹̫̮̓̋̀̎̍̈̈́̒̌̚͝',
  '😀'.repeat(50),
  '../../../../etc/passwd',
  'A'.repeat(70_000),
];

/** A Response body the generator describes without building it (Responses are single-use). */
export type BodySpec =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'bytes'; readonly bytes: Uint8Array }
  | { readonly type: 'failing-stream'; readonly prefix: string }
  | { readonly type: 'endless-stream'; readonly chunk: string }
  | { readonly type: 'none' };

/** One generated response. */
export interface ResponseSpec {
  readonly family: string;
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: BodySpec;
}

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** A JSON value with hostile strings and odd shapes in it. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostile, fc.constantFrom('__proto__', 'constructor', 'current', 'reason')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const reasons = fc.constantFrom(
  'version_mismatch',
  'duplicate_external_id',
  'invalid_transition',
  'idempotency_key_in_use',
  'idempotency_key_reused',
  'conflict',
  'AlreadyExists',
  'Conflict',
  'UpdateConditionNotSatisfied',
  'EntityAlreadyExists',
  'BlobAlreadyExists',
  'totally_unknown_reason',
  '',
);

const memberNames = fc.constantFrom(
  'type', 'title', 'status', 'detail', 'instance', 'reason', 'code', 'error', 'message', 'requestId',
  'currentVersion', 'attemptedVersion', 'current', 'existing', 'existingResourceId', 'currentState',
  'allowedTransitions', 'attemptedTransition', 'retryAfter', 'kind', 'details', 'odata.error', '_rev', 'name',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
);

/** A conflict-looking JSON body: the known members, filled with anything. */
const conflictishBody = fc
  .tuple(reasons, fc.array(fc.tuple(memberNames, fc.oneof(hostileJson, reasons, hostile)), { maxLength: 10 }))
  .map(([reason, members]) => {
    // Written by hand so `__proto__` becomes an own member, as JSON.parse makes it.
    const parts = [`"reason":${JSON.stringify(reason)}`, ...members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`)];
    return `{${parts.join(',')}}`;
  });

const dialectBody = fc.oneof(
  fc.constant('{"error":"conflict","reason":"Document update conflict."}'),
  hostile.map((r) => JSON.stringify({ error: 'conflict', reason: r })),
  hostile.map((m) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', message: m, details: { name: m, kind: m } })),
  hostile.map((m) => JSON.stringify({ 'odata.error': { code: 'UpdateConditionNotSatisfied', message: { lang: 'en-US', value: m } } })),
  hostile.map((m) => `<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobAlreadyExists</Code><Message>${m}</Message></Error>`),
  hostile.map((m) => JSON.stringify({ error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: m } })),
);

const htmlPage = hostile.map(
  (s) => `<!DOCTYPE html><html><head><title>409 Conflict</title></head><body><h1>Conflict</h1><p>${s}</p><script>alert(document.cookie)</script></body></html>`,
);

const truncated = fc.tuple(fc.oneof(conflictishBody, dialectBody), fc.double({ min: 0, max: 1, noNaN: true })).map(([text, cut]) => text.slice(0, Math.floor(text.length * cut)));

const deepNesting = fc.integer({ min: 1_000, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);

const bodies: fc.Arbitrary<{ family: string; body: BodySpec }> = fc.oneof(
  { weight: 24, arbitrary: conflictishBody.map((text) => ({ family: 'conflict JSON', body: { type: 'text', text } as const })) },
  { weight: 12, arbitrary: dialectBody.map((text) => ({ family: 'dialect', body: { type: 'text', text } as const })) },
  { weight: 12, arbitrary: truncated.map((text) => ({ family: 'truncated JSON', body: { type: 'text', text } as const })) },
  { weight: 12, arbitrary: htmlPage.map((text) => ({ family: 'HTML page', body: { type: 'text', text } as const })) },
  { weight: 6, arbitrary: hostileJson.map((value) => ({ family: 'any JSON', body: { type: 'text', text: JSON.stringify(value) ?? 'null' } as const })) },
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ family: 'garbage bytes', body: { type: 'bytes', bytes } as const })) },
  { weight: 1, arbitrary: deepNesting.map((text) => ({ family: 'deep nesting', body: { type: 'text', text } as const })) },
  { weight: 6, arbitrary: fc.constantFrom('', ' ', '\n\n', 'null', '[]', '"x"', '0', 'true', '{}').map((text) => ({ family: 'tiny', body: { type: 'text', text } as const })) },
  { weight: 6, arbitrary: fc.string({ maxLength: 100 }).map((prefix) => ({ family: 'stream error', body: { type: 'failing-stream', prefix } as const })) },
  { weight: 1, arbitrary: fc.constantFrom('{"reason":"version_mismatch","pad":"', 'x', '<html>').map((chunk) => ({ family: 'endless stream', body: { type: 'endless-stream', chunk } as const })) },
  { weight: 1, arbitrary: fc.constant({ family: 'huge JSON', body: { type: 'text', text: JSON.stringify({ reason: 'version_mismatch', detail: ONE_MEGABYTE_STRING }) } as const }) },
  { weight: 1, arbitrary: fc.constant({ family: 'just over 1 MiB', body: { type: 'text', text: `{"reason":"duplicate_external_id","pad":"${'x'.repeat(1024 * 1024)}"}` } as const }) },
  { weight: 6, arbitrary: fc.constant({ family: 'no body', body: { type: 'none' } as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('title', 'detail', 'reason', 'requestId', 'existing', 'currentState', 'current').map((member) => ({
      family: '1 MB string in a member',
      body: { type: 'text', text: `{"reason":"invalid_transition",${JSON.stringify(member)}:${JSON.stringify(ONE_MEGABYTE_STRING.slice(0, 1_000_000))}}` } as const,
    })),
  },
);

/** Header values as they arrive on the wire: bytes read as Latin-1, so any UTF-8 text is possible. */
const wireValue = hostile.map((s) => Array.from(new TextEncoder().encode(s.slice(0, 8000)), (b) => String.fromCharCode(b)).join('').replace(/[\0\r\n]/g, ' ').trim());

const etag = fc.oneof(
  fc.constantFrom('"v2"', 'W/"v2"', 'w/"v2"', '"unterminated', 'no-quotes', '""', 'W/""', '*', '"a", "b"', '"x"'.repeat(3000)),
  wireValue.map((v) => `"${v.replace(/"/g, '')}"`),
  wireValue,
);

const contentType = fc.constantFrom(
  'application/problem+json',
  'application/json',
  'application/json; charset=utf-16',
  'text/html; charset=utf-8',
  'application/xml',
  'text/plain',
  'application/octet-stream',
  'application/vnd.api+json',
  '',
  'json',
  ';;;',
);

const headerEntries = fc
  .record(
    {
      'content-type': contentType,
      etag,
      'x-request-id': wireValue,
      'x-ms-error-code': fc.oneof(reasons, wireValue),
      'retry-after': fc.oneof(fc.constantFrom('5', '-1', '1e309', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon'), wireValue),
      location: fc.oneof(fc.constantFrom('/api/orders/O-1', 'http://[::1', 'javascript:alert(1)', '//evil.example'), wireValue),
      'idempotent-replayed': fc.constantFrom('?1', 'true', 'false', '?0', 'yes'),
      'last-modified': fc.oneof(fc.constant('Wed, 21 Oct 2015 07:28:00 GMT'), wireValue),
    },
    { requiredKeys: [] },
  )
  .map((record) => Object.entries(record).filter(([, v]) => v !== undefined) as [string, string][]);

/** Statuses a conflict path sees, with everything else mixed in. */
export const conflictStatus = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(409, 412, 428, 404, 410, 422) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

/** Any generated response. */
export function responseSpec(status: fc.Arbitrary<number> = conflictStatus): fc.Arbitrary<ResponseSpec> {
  return fc.tuple(status, headerEntries, bodies).map(([s, headers, { family, body }]) => ({ family, status: s, headers, body }));
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Builds a fresh Response from a spec. */
export function toResponse(spec: ResponseSpec): Response {
  const headers = new Headers();
  for (const [name, value] of spec.headers) {
    try {
      headers.append(name, value);
    } catch {
      // A value Headers refuses could not have arrived over HTTP either.
    }
  }
  if (NULL_BODY_STATUSES.has(spec.status) || spec.body.type === 'none') return new Response(null, { status: spec.status, headers });
  return new Response(toBody(spec.body), { status: spec.status, headers });
}

function toBody(body: Exclude<BodySpec, { type: 'none' }>): BodyInit {
  switch (body.type) {
    case 'text':
      return body.text;
    case 'bytes':
      return new Uint8Array(body.bytes);
    case 'failing-stream': {
      const bytes = new TextEncoder().encode(body.prefix);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.error(new TypeError('terminated: other side closed'));
        },
      });
    }
    case 'endless-stream': {
      const chunk = new TextEncoder().encode(body.chunk.repeat(Math.ceil(65_536 / body.chunk.length)));
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          // Endless as far as any sane reader is concerned; a hard stop keeps a broken one from hanging the suite.
          if (sent > 64 * 1024 * 1024) controller.close();
          else {
            sent += chunk.length;
            controller.enqueue(chunk);
          }
        },
      });
    }
    default:
      return body satisfies never;
  }
}
