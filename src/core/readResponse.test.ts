import { describe, expect, it, vi } from 'vitest';
import { InvalidResponseError } from './errors';
import { readJsonBody } from './readResponse';

const info = { method: 'GET', url: '/t/1' };

describe('readJsonBody', () => {
  it('refuses an empty record read, saying JSON was expected', async () => {
    const error = await readJsonBody(new Response(''), info, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      "The server's answer could not be read: the 200 response has an empty body where JSON was expected. (GET /t/1)",
    );
  });

  it('says only that the body is empty in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./readResponse');
      await expect(production.readJsonBody(new Response(''), info, true)).rejects.toThrow(
        "The server's answer could not be read: the 200 response is empty. (GET /t/1)",
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
