import { describe, expect, it, vi } from 'vitest';
import { ConflictKitError } from '../errors';
import { sendRequest } from './sendRequest';

describe('sendRequest', () => {
  it('refuses a body that is not JSON before sending, saying why and naming the request', async () => {
    const fetch = vi.fn(async () => new Response('{}'));
    const send = sendRequest({ fetch });
    const error = await send('PUT', '/t/1', { body: { count: 1n } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictKitError);
    expect((error as Error).message).toBe('The value to send cannot be serialised as JSON (a cycle or a BigInt?). (PUT /t/1)');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says only what failed in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./sendRequest');
      const send = production.sendRequest({ fetch: async () => new Response('{}') });
      await expect(send('PUT', '/t/1', { body: { count: 1n } })).rejects.toThrow(
        'The value to send cannot be serialised as JSON. (PUT /t/1)',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
