import { describe, expect, it } from 'vitest';
import { checkPreconditions } from './checkPreconditions';
import { createIdempotencyHandler } from './createIdempotencyHandler';
import { duplicateProblem } from './duplicateProblem';
import { invalidTransitionProblem } from './invalidTransitionProblem';
import { memoryIdempotencyStore } from './memoryIdempotencyStore';
import { badRequestProblem, problemResponse } from './problemResponse';
import { staleWriteProblem } from './staleWriteProblem';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${TRACE}-00f067aa0ba902b7-01`;

describe('trace ids in problem bodies', () => {
  it('writes traceId next to requestId in every builder', async () => {
    const ids = { requestId: 'req_1', traceId: TRACE };
    const bodies = await Promise.all(
      [
        problemResponse({ status: 400, title: 't', ...ids }),
        badRequestProblem('bad', ids),
        staleWriteProblem(ids),
        duplicateProblem({ existing: '/a/1', existingResourceId: '1', ...ids }),
        invalidTransitionProblem({ currentState: 's', allowedTransitions: [], attempted: 'x', ...ids }),
      ].map((response) => response.json()),
    );
    for (const body of bodies) expect(body).toMatchObject(ids);
  });

  it("takes the trace id from the request's traceparent in checkPreconditions, unless one is given", async () => {
    const request = (headers: Record<string, string>) => new Request('http://x/r', { method: 'PUT', headers: { traceparent, ...headers } });
    expect(await checkPreconditions(request({ 'If-Match': '"a"' }), { etag: '"b"' })?.json()).toMatchObject({ traceId: TRACE, status: 412 });
    expect(await checkPreconditions(request({}), { etag: '"b"' })?.json()).toMatchObject({ traceId: TRACE, status: 428 });
    expect(await checkPreconditions(request({ 'If-Match': 'nope' }), { etag: '"b"' })?.json()).toMatchObject({ traceId: TRACE, status: 400 });
    expect(await checkPreconditions(request({}), { etag: '"b"' }, { traceId: 'f'.repeat(32) })?.json()).toMatchObject({ traceId: 'f'.repeat(32) });
    const invalid = new Request('http://x/r', { method: 'PUT', headers: { traceparent: 'garbage' } });
    expect(await checkPreconditions(invalid, { etag: '"b"' })?.json()).not.toHaveProperty('traceId');
  });

  it("takes the trace id from the request's traceparent in the Idempotency-Key handler", async () => {
    const handler = createIdempotencyHandler({ store: memoryIdempotencyStore(), required: true });
    const missing = await handler.handle(new Request('http://x/o', { method: 'POST', headers: { traceparent } }), '', async () => new Response());
    expect(await missing.json()).toMatchObject({ reason: 'idempotency_key_missing', traceId: TRACE });
    const post = (body: string) => new Request('http://x/o', { method: 'POST', headers: { traceparent, 'Idempotency-Key': '"k"' }, body });
    await handler.handle(post('a'), 'a', async () => new Response('{}', { status: 201 }));
    const reused = await handler.handle(post('b'), 'b', async () => new Response('{}', { status: 201 }));
    expect(await reused.json()).toMatchObject({ reason: 'idempotency_key_reused', traceId: TRACE });
  });
});
