import { describe, expect, it, vi } from 'vitest';
import { NetworkError, UnprotectedWriteError } from './errors';

describe('UnprotectedWriteError', () => {
  it('says why the write was not sent and how to protect it, naming the request', () => {
    const error = new UnprotectedWriteError('no-validator', 'No tag.', { method: 'PUT', url: '/t/1' });
    expect(error.reason).toBe('no-validator');
    expect(error.message).toMatch(/^No tag\. The write was not sent, because .* \{ unprotected: true \} .* \(PUT \/t\/1\)$/);
  });

  it('says only that the write was not sent in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./errors');
      const error = new production.UnprotectedWriteError('weak-etag', 'Weak tag.', { method: 'PUT', url: '/t/1' });
      expect(error.message).toBe('Weak tag. The write was not sent. (PUT /t/1)');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('NetworkError', () => {
  it('says what happened and what to do, naming the request and keeping the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new NetworkError({ method: 'GET', url: '/t/1' }, cause);
    expect(error.message).toBe(
      'The request did not reach the server or its answer was lost (offline, the server unreachable, or a cross-origin request it did not allow). Your edits are kept; try again once it can be reached. (GET /t/1)',
    );
    expect(error.cause).toBe(cause);
  });

  it('says only what happened in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./errors');
      const error = new production.NetworkError({ method: 'GET', url: '/t/1' }, new TypeError('Failed to fetch'));
      expect(error.message).toBe('The request did not reach the server or its answer was lost. (GET /t/1)');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
