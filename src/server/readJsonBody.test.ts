import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from './problemTypes';
import { readJsonBody } from './readJsonBody';

const URL_ = 'http://api.test/api/tickets/T-1';

function request(body: BodyInit | null, contentType: string | null = 'application/json', extra: Record<string, string> = {}, method = 'POST'): Request {
  const headers: Record<string, string> = { ...extra };
  if (contentType !== null) headers['Content-Type'] = contentType;
  return new Request(URL_, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

async function problem(result: Awaited<ReturnType<typeof readJsonBody>>): Promise<{ status: number; body: Record<string, unknown> }> {
  if (result.ok) throw new Error('expected a failure');
  return { status: result.response.status, body: (await result.response.json()) as Record<string, unknown> };
}

describe('readJsonBody', () => {
  it('parses JSON and returns the raw text', async () => {
    const result = await readJsonBody(request('{"title":"Hi"}'));
    expect(result).toEqual({ ok: true, value: { title: 'Hi' }, raw: '{"title":"Hi"}' });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', 'application/merge-patch+json', 'application/vnd.api+json'])(
    'accepts %s',
    async (type) => {
      expect((await readJsonBody(request('{}', type))).ok).toBe(true);
    },
  );

  it.each([null, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/json; charset=latin1'])(
    'answers 415 for Content-Type %s',
    async (type) => {
      const { status, body } = await problem(await readJsonBody(request('{}', type), { requestId: 'r' }));
      expect(status).toBe(415);
      expect(body).toMatchObject({ type: PROBLEM_TYPES.unsupportedMediaType, requestId: 'r' });
    },
  );

  it('names the accepted patch formats on a 415 for PATCH (RFC 5789 §2.2)', async () => {
    const result = await readJsonBody(request('{}', 'text/plain', {}, 'PATCH'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.response.headers.get('accept-patch')).toMatch(/application\/merge-patch\+json/);
  });

  it('answers 415 for a compressed body it cannot decode', async () => {
    const { status } = await problem(await readJsonBody(request('{}', 'application/json', { 'Content-Encoding': 'gzip' })));
    expect(status).toBe(415);
  });

  it('answers 413 from a Content-Length over the limit without reading', async () => {
    const { status, body } = await problem(await readJsonBody(request('{}', 'application/json', { 'Content-Length': '999999' }), { limit: 10 }));
    expect(status).toBe(413);
    expect(body['reason']).toBe('payload_too_large');
  });

  it('answers 413 for a streamed body over the limit that declares no length, and stops reading it', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(64).fill(0x20));
      },
    });
    const { status } = await problem(await readJsonBody(request(stream), { limit: 1000 }));
    expect(status).toBe(413);
    expect(pulls).toBeLessThan(40);
  });

  it('accepts a body of exactly the limit', async () => {
    expect((await readJsonBody(request('"12345678"'), { limit: 10 })).ok).toBe(true);
    expect((await readJsonBody(request('"123456789"'), { limit: 10 })).ok).toBe(false);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['{"a":', /not valid JSON/],
    ['<html>oops</html>', /not valid JSON/],
  ])('answers 400 invalid_json for %j', async (text, detail) => {
    const { status, body } = await problem(await readJsonBody(request(text)));
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: PROBLEM_TYPES.invalidJson, reason: 'invalid_json', detail: expect.stringMatching(detail) });
  });

  it('answers 400 for bytes that are not UTF-8', async () => {
    const { status, body } = await problem(await readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22]))));
    expect(status).toBe(400);
    expect(body['detail']).toMatch(/UTF-8/);
  });

  it('answers 400 for a request without a body', async () => {
    const { status } = await problem(await readJsonBody(request(null)));
    expect(status).toBe(400);
  });

  it('answers 422 naming the limit for a body nested deeper than maxDepth, never parsing it into the caller', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const { status, body } = await problem(await readJsonBody(request(deep), { requestId: 'r' }));
    expect(status).toBe(422);
    expect(body).toMatchObject({ type: PROBLEM_TYPES.unprocessable, title: 'Nested too deeply', maxDepth: 64, requestId: 'r' });
  });

  it('counts only structure, not brackets inside strings, and accepts exactly maxDepth levels', async () => {
    // A string holding brackets, an escaped quote and a backslash, three arrays deep.
    const atLimit = JSON.stringify([[['[[[[{{{{\\"]}\\']]]);
    expect(await readJsonBody(request(atLimit), { maxDepth: 3 })).toMatchObject({ ok: true });
    expect((await readJsonBody(request('[[[[1]]]]'), { maxDepth: 3 })).ok).toBe(false);
  });
});
