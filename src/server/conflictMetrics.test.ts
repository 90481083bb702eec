import { metrics } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { checkPreconditions } from './checkPreconditions';
import { conflictOutcomeOf, createConflictMetrics, type CounterLike, type MeterLike } from './conflictMetrics';
import { createIdempotencyHandler } from './createIdempotencyHandler';
import { duplicateProblem } from './duplicateProblem';
import { invalidTransitionProblem } from './invalidTransitionProblem';
import { memoryIdempotencyStore } from './memoryIdempotencyStore';
import { preconditionRequiredProblem, problemResponse } from './problemResponse';
import { staleWriteProblem } from './staleWriteProblem';

/** A meter that keeps what was added, as an OpenTelemetry SDK would export it. */
function recordingMeter(): MeterLike & { readonly added: { name: string; value: number; attributes: Record<string, string | number> | undefined }[] } {
  const added: { name: string; value: number; attributes: Record<string, string | number> | undefined }[] = [];
  return {
    added,
    createCounter(name): CounterLike {
      return { add: (value, attributes) => void added.push({ name, value, attributes }) };
    },
  };
}

const at = { route: '/api/tickets/:id', method: 'put' };

describe('createConflictMetrics', () => {
  it('counts each refusal and replay the server helpers produce, by outcome, route template and method', async () => {
    const meter = recordingMeter();
    const metrics = createConflictMetrics(meter);
    const write = (headers: Record<string, string>) => new Request('http://x/api/tickets/T-1', { method: 'PUT', headers });
    const handler = createIdempotencyHandler({ store: memoryIdempotencyStore() });
    const post = (key: string, body: string) => new Request('http://x/api/orders', { method: 'POST', headers: { 'Idempotency-Key': `"${key}"` }, body });
    const created = () => Promise.resolve(new Response('{"id":"O-1"}', { status: 201, headers: { Location: '/api/orders/O-1' } }));
    await handler.handle(post('k1', 'a'), 'a', created);
    const responses: Response[] = [
      checkPreconditions(write({ 'If-Match': '"v1"' }), { etag: '"v2"' }) as Response,
      checkPreconditions(write({}), { etag: '"v2"' }) as Response,
      checkPreconditions(write({}), { etag: '"v2"', version: 2 }, { bodyVersion: 1 }) as Response,
      duplicateProblem({ existing: '/api/orders/O-1', existingResourceId: 'O-1' }),
      invalidTransitionProblem({ currentState: 'shipped', allowedTransitions: [], attempted: 'cancelled' }),
      await handler.handle(post('k1', 'a'), 'a', created),
      await handler.handle(post('k1', 'b'), 'b', created),
    ];
    let release!: () => void;
    const slow = handler.handle(post('k2', 'a'), 'a', () => new Promise<Response>((resolve) => (release = () => void resolve(new Response('{}', { status: 201 })))));
    await expect.poll(() => typeof release).toBe('function');
    responses.push(await handler.handle(post('k2', 'a'), 'a', created));
    release();
    await slow;
    const outcomes = [];
    for (const response of responses) outcomes.push(await metrics.observe(response, at));
    expect(outcomes).toEqual([
      'precondition_failed',
      'precondition_required',
      'version_mismatch',
      'duplicate',
      'invalid_transition',
      'idempotent_replay',
      'idempotency_mismatch',
      'idempotency_in_flight',
    ]);
    expect(meter.added[0]).toEqual({ name: 'conflict_kit.server.outcomes', value: 1, attributes: { outcome: 'precondition_failed', route: '/api/tickets/:id', method: 'PUT' } });
    expect(meter.added).toHaveLength(8);
  });

  it('counts nothing for successes, other refusals and bodies that are not problems, and leaves the body readable', async () => {
    const meter = recordingMeter();
    const metrics = createConflictMetrics(meter);
    const stale = staleWriteProblem({ current: { title: 'x' } });
    expect(await metrics.observe(new Response('{}', { status: 200 }), at)).toBeUndefined();
    expect(await metrics.observe(problemResponse({ status: 422, title: 'Invalid fields', reason: 'unprocessable' }), at)).toBeUndefined();
    expect(await metrics.observe(new Response('<html>conflict</html>', { status: 409, headers: { 'Content-Type': 'text/html' } }), at)).toBeUndefined();
    expect(await metrics.observe(stale, at)).toBe('precondition_failed');
    expect(await stale.json()).toMatchObject({ current: { title: 'x' } });
    expect(meter.added).toHaveLength(1);
  });

  it('reads the reason from the problem type when a body has no reason member', () => {
    const headers = new Headers();
    expect(conflictOutcomeOf(409, headers, { type: 'https://conflict-kit.dev/problems/invalid-transition' })).toBe('invalid_transition');
    expect(conflictOutcomeOf(428, headers, undefined)).toBe('precondition_required');
    expect(conflictOutcomeOf(412, headers, { reason: 'already_exists' })).toBe('duplicate');
    expect(conflictOutcomeOf(409, headers, { reason: 'something_else' })).toBeUndefined();
    expect(preconditionRequiredProblem().status).toBe(428);
  });
});

describe('createConflictMetrics with @opentelemetry/api', () => {
  it("takes the API's Meter as it is (the no-op one when no SDK is registered)", async () => {
    const meter: MeterLike = metrics.getMeter('conflict-kit');
    const counted = createConflictMetrics(meter);
    expect(await counted.observe(preconditionRequiredProblem(), at)).toBe('precondition_required');
  });
});
