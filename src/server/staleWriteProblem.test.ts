import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from './problemTypes';
import { staleWriteProblem } from './staleWriteProblem';

describe('staleWriteProblem', () => {
  it('is a 412 version_mismatch with the current representation, versions and ETag', async () => {
    const current = { id: 'T-1', title: 'Theirs', version: 4 };
    const res = staleWriteProblem({
      current,
      etag: '"T-1:4"',
      currentVersion: 4,
      attemptedVersion: 3,
      requestId: 'req_1',
      instance: '/api/tickets/T-1',
    });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"T-1:4"');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({
      type: PROBLEM_TYPES.versionMismatch,
      title: 'The resource has changed',
      status: 412,
      detail: expect.any(String),
      instance: '/api/tickets/T-1',
      reason: 'version_mismatch',
      currentVersion: 4,
      attemptedVersion: 3,
      currentETag: '"T-1:4"',
      current,
      requestId: 'req_1',
    });
  });

  it('can be a 409 for a stale body version, and accepts a parsed tag', async () => {
    const res = staleWriteProblem({ status: 409, etag: { weak: false, opaque: 'v9' }, requestId: 'r' });
    expect(res.status).toBe(409);
    expect(res.headers.get('etag')).toBe('"v9"');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['reason']).toBe('version_mismatch');
    expect('current' in body).toBe(false);
  });

  it('refuses a string that is not an entity tag instead of sending a broken header', () => {
    expect(() => staleWriteProblem({ etag: 'v3' })).toThrow(TypeError);
  });
});
