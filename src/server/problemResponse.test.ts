import { describe, expect, it } from 'vitest';
import {
  badRequestProblem,
  notFoundProblem,
  payloadTooLargeProblem,
  preconditionRequiredProblem,
  problemResponse,
  unprocessableProblem,
  unsupportedMediaTypeProblem,
} from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES, PROBLEM_TYPE_BASE } from './problemTypes';

async function read(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('problemResponse', () => {
  it('sends RFC 9457 members as application/problem+json that no cache keeps', async () => {
    const res = problemResponse({ status: 409, title: 'Conflict', detail: 'd', instance: '/x/1', requestId: 'req_1' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await read(res)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'd',
      instance: '/x/1',
      requestId: 'req_1',
    });
  });

  it('writes extension members and headers, but leaves headers and undefined members out of the body', async () => {
    const res = problemResponse({
      status: 400,
      title: 'Bad',
      reason: 'x',
      nested: { a: 1 },
      skipped: undefined,
      headers: { 'X-Extra': 'yes' },
    });
    expect(res.headers.get('x-extra')).toBe('yes');
    const body = await read(res);
    expect(body).toEqual({ type: 'about:blank', title: 'Bad', status: 400, reason: 'x', nested: { a: 1 } });
    expect('requestId' in body).toBe(false);
  });

  it('keeps a __proto__ extension member as plain data', async () => {
    const init = JSON.parse('{"status":400,"title":"t","__proto__":{"polluted":true}}') as { status: number; title: string };
    const body = await read(problemResponse(init));
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('status problem helpers', () => {
  it.each([
    [badRequestProblem, 400, 'about:blank', undefined],
    [notFoundProblem, 404, PROBLEM_TYPES.notFound, PROBLEM_REASONS.notFound],
    [payloadTooLargeProblem, 413, PROBLEM_TYPES.payloadTooLarge, PROBLEM_REASONS.payloadTooLarge],
    [unsupportedMediaTypeProblem, 415, PROBLEM_TYPES.unsupportedMediaType, PROBLEM_REASONS.unsupportedMediaType],
    [unprocessableProblem, 422, PROBLEM_TYPES.unprocessable, PROBLEM_REASONS.unprocessable],
    [preconditionRequiredProblem, 428, PROBLEM_TYPES.preconditionRequired, PROBLEM_REASONS.preconditionRequired],
  ] as const)('%o answers %i with its type, reason and a default detail', async (build, status, type, reason) => {
    const res = build();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await read(res);
    expect(body['status']).toBe(status);
    expect(body['type']).toBe(type);
    expect(body['reason']).toBe(reason);
    expect(typeof body['detail']).toBe('string');
    expect(typeof body['title']).toBe('string');
  });

  it('takes the detail as a string plus extension members and a request id', async () => {
    const body = await read(badRequestProblem('The id is not a number.', { requestId: 'req_9', field: 'id' }));
    expect(body).toMatchObject({ status: 400, detail: 'The id is not a number.', requestId: 'req_9', field: 'id' });
  });

  it('takes one options object with title, detail and extensions', async () => {
    const res = unprocessableProblem({ title: 'Invalid fields', detail: 'title is required.', errors: [{ field: 'title' }], requestId: 'r' });
    const body = await read(res);
    expect(body).toEqual({
      type: PROBLEM_TYPES.unprocessable,
      title: 'Invalid fields',
      status: 422,
      detail: 'title is required.',
      reason: PROBLEM_REASONS.unprocessable,
      errors: [{ field: 'title' }],
      requestId: 'r',
    });
  });

  it('tells a 428 client how to resubmit (RFC 6585 §3)', async () => {
    const body = await read(preconditionRequiredProblem());
    expect(String(body['detail'])).toMatch(/If-Match/);
  });
});

describe('problem types', () => {
  it('end in the reason with dashes, so type-only and reason-only readers agree', () => {
    for (const [name, reason] of Object.entries(PROBLEM_REASONS)) {
      expect(PROBLEM_TYPES[name as keyof typeof PROBLEM_TYPES]).toBe(PROBLEM_TYPE_BASE + reason.replaceAll('_', '-'));
    }
  });
});
