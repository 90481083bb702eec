import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConflictKitError,
  HttpError,
  classifyConflict,
  createConflictClient,
  memoryIntentStorage,
  type Conflict,
  type ConflictKind,
  type FetchLike,
} from '../../src/core';
import { azureReader } from '../../src/azure';
import { responseSpec, toResponse, type ResponseSpec } from './hostileResponses';

const KINDS = new Set<ConflictKind>([
  'stale',
  'duplicate',
  'transition',
  'precondition-required',
  'idempotency-in-flight',
  'idempotency-mismatch',
  'deleted',
  'unknown',
]);
/**
 * CPU time per case; the slowest legitimate case reads 1 MiB and parses it. CPU
 * time, not wall time: a runaway pattern or an unbounded read burns CPU, while
 * a machine busy with other work only stretches the wall clock.
 */
const MAX_CASE_CPU_MS = 3_000;
const STRING_MEMBERS = ['reason', 'requestId', 'title', 'detail', 'type', 'source', 'method', 'url', 'existing', 'currentState', 'note'] as const;

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join(',');

function expectWellFormed(conflict: Conflict, spec: ResponseSpec): void {
  expect(KINDS.has(conflict.kind), `kind ${String(conflict.kind)}`).toBe(true);
  expect(conflict.status).toBe(spec.status);
  const record = conflict as unknown as Record<string, unknown>;
  for (const member of STRING_MEMBERS) {
    const value = record[member];
    if (value !== undefined) expect(typeof value, member).toBe('string');
  }
  if (conflict.kind === 'transition') {
    expect(Array.isArray(conflict.allowedTransitions)).toBe(true);
    for (const t of conflict.allowedTransitions) expect(typeof t).toBe('string');
  }
  // Members are capped: nothing the server sends grows a conflict past a few KiB of strings.
  for (const member of STRING_MEMBERS) {
    const value = record[member];
    if (typeof value === 'string') expect(value.length, member).toBeLessThanOrEqual(4096);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const started = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(started);
  expect((used.user + used.system) / 1000).toBeLessThan(MAX_CASE_CPU_MS);
  return result;
}

/** Only the kit's own typed errors may escape; a TypeError or SyntaxError is a crash. */
function expectTypedError(error: unknown, spec: ResponseSpec): void {
  if (!(error instanceof ConflictKitError)) throw error;
  expect(error.message.length).toBeGreaterThan(0);
  // An HTML error page never reaches a message as markup.
  // (A string body without a Content-Type is text/plain, as the Response constructor labels it.)
  const type = toResponse(spec).headers.get('content-type') ?? '';
  if (error instanceof HttpError && spec.family === 'HTML page' && !type.startsWith('text/plain')) {
    expect(error.message).not.toContain('<!DOCTYPE');
    expect(error.message).not.toContain('alert(document.cookie)');
  }
}

function fetchReturning(spec: ResponseSpec): FetchLike {
  return async () => toResponse(spec);
}

describe('hostile conflict responses', () => {
  it('classifyConflict gives every one of 10,000 generated responses a kind, in bounded time, without throwing', async () => {
    let cases = 0;
    const families: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(responseSpec(), fc.constantFrom('PUT', 'PATCH', 'POST'), fc.boolean(), async (spec, method, ifNoneMatch) => {
        cases++;
        families[spec.family] = (families[spec.family] ?? 0) + 1;
        const headers = new Headers(ifNoneMatch ? { 'if-none-match': '*', 'idempotency-key': '"k"' } : { 'if-match': '"v1"' });
        const conflict = await timed(() => classifyConflict(toResponse(spec), { readers: [azureReader], request: { method, url: 'https://api.test/r/1', headers } }));
        expectWellFormed(conflict, spec);
      }),
      { numRuns: 10_000, seed: 20261125 },
    );
    expect(cases).toBe(10_000);
    // Every family of broken answer was really generated.
    expect(Object.keys(families).length).toBeGreaterThanOrEqual(12);
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(prototypeBefore);
  }, 300_000);

  it('a guarded save answered by 2,500 generated responses returns a conflict or the saved record, or throws only the documented typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(responseSpec(fc.oneof(fc.constantFrom(200, 201, 204, 409, 412, 428, 404, 410, 422, 500, 502), fc.integer({ min: 200, max: 599 }))), async (spec) => {
        const client = createConflictClient({ fetch: fetchReturning(spec), baseUrl: 'https://api.test', intentStorage: memoryIntentStorage() });
        const url = '/tickets/T-1';
        client.registry.record(client.keyFor(url), { validator: { etag: { weak: false, opaque: 'v1' } }, base: { title: 'a' } });
        try {
          const result = await timed(() => client.save(url, { title: '<b>mine</b>' }, { method: spec.status % 2 === 0 ? 'PUT' : 'PATCH' }));
          if (!result.ok) expectWellFormed(result.conflict, spec);
          else expect(spec.status).toBeLessThan(300);
        } catch (error) {
          expectTypedError(error, spec);
        }
      }),
      { numRuns: 2_500, seed: 11 },
    );
  }, 300_000);

  it('an idempotent create answered by 2,500 generated responses returns a conflict or the created record, or throws only the documented typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(responseSpec(fc.oneof(fc.constantFrom(200, 201, 409, 412, 422, 500), fc.integer({ min: 200, max: 599 }))), fc.boolean(), async (spec, put) => {
        const client = createConflictClient({ fetch: fetchReturning(spec), baseUrl: 'https://api.test', intentStorage: memoryIntentStorage() });
        try {
          const result = await timed(() =>
            client.create(put ? '/orders/o-1' : '/orders', { externalId: '__proto__', note: '<script>alert(1)</script>' }, { intent: 'orders/new:1', method: put ? 'PUT' : 'POST' }),
          );
          if (!result.ok) expectWellFormed(result.conflict, spec);
          else expect(spec.status).toBeLessThan(300);
        } catch (error) {
          expectTypedError(error, spec);
        }
      }),
      { numRuns: 2_500, seed: 12 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(prototypeBefore);
  }, 300_000);

  it('reads at most about 1 MiB of an endless conflict body and still classifies it', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(65_536));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 256 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const conflict = await timed(() => classifyConflict(new Response(body, { status: 412 })));
    expect(conflict.kind).toBe('stale');
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
  });
});
