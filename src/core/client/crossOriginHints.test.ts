import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConflictClient } from '../createConflictClient';
import { NetworkError } from '../errors';
import { memoryIntentStorage } from '../intentStorage';

const PAGE = 'http://app.test';
const API = 'http://api.test';

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.stubGlobal('location', { origin: PAGE });
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const warnings = (): string[] => warn.mock.calls.map((call: unknown[]) => String(call[0]));

/** A server whose CORS configuration exposes no header: the browser shows the script no ETag. */
const noExposedHeaders = () => async () => new Response(JSON.stringify({ id: 'c1', name: 'Ana' }), { headers: { 'content-type': 'application/json' } });

/** The browser's answer to a request whose preflight was refused: a bare TypeError. */
const refusedPreflight = () => async () => {
  throw new TypeError('Failed to fetch');
};

describe('cross-origin hints in development', () => {
  it('names the ETag header when a cross-origin read has no readable version', async () => {
    const client = createConflictClient({ baseUrl: API, fetch: noExposedHeaders() });
    await client.read('/contacts/c1');
    await client.read('/contacts/c2');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/GET http:\/\/api\.test\/contacts\/c1 answered without a readable ETag/);
    expect(warnings()[0]).toMatch(/Access-Control-Expose-Headers: ETag/);
  });

  it('stays quiet for same-origin reads, for records with a version field, and for reads that carry an ETag', async () => {
    await createConflictClient({ baseUrl: PAGE, fetch: noExposedHeaders() }).read('/contacts/c1');
    await createConflictClient({ baseUrl: API, versionField: '_rev', fetch: noExposedHeaders() }).read('/contacts/c1');
    const tagged = async () => new Response('{}', { headers: { 'content-type': 'application/json', etag: '"1"' } });
    await createConflictClient({ baseUrl: API, fetch: tagged }).read('/contacts/c1');
    expect(warnings()).toEqual([]);
  });

  it('names the headers the preflight must allow when a cross-origin write fails at the network level', async () => {
    const client = createConflictClient({ baseUrl: API, fetch: refusedPreflight(), intentStorage: memoryIntentStorage() });
    client.registry.record(client.keyFor('/contacts/c1'), { validator: { etag: { weak: false, opaque: '1-a' } }, base: { name: 'Ana' } });
    await expect(client.save('/contacts/c1', { name: 'Bo' })).rejects.toBeInstanceOf(NetworkError);
    await expect(client.create('/contacts', { name: 'Cy' }, { intent: 'new' })).rejects.toBeInstanceOf(NetworkError);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[0]).toMatch(/PUT http:\/\/api\.test\/contacts\/c1 failed before any answer arrived/);
    expect(warnings()[0]).toMatch(/Access-Control-Allow-Headers: Content-Type, If-Match/);
    expect(warnings()[1]).toMatch(/Access-Control-Allow-Headers: Content-Type, Idempotency-Key/);
    expect(warnings()[1]).toMatch(/Access-Control-Allow-Methods: POST/);
  });

  it('says nothing about a same-origin network failure (offline is not a CORS problem)', async () => {
    const client = createConflictClient({ baseUrl: `${PAGE}/api`, fetch: refusedPreflight(), intentStorage: memoryIntentStorage() });
    await expect(client.create('/contacts', { name: 'Cy' }, { intent: 'new' })).rejects.toBeInstanceOf(NetworkError);
    expect(warnings()).toEqual([]);
  });

  it('says nothing in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // The build mode is read once, at import: only fresh copies of the modules see a production build.
    vi.resetModules();
    const { createConflictClient: createInProduction } = await import('../createConflictClient');
    const { NetworkError: NetworkErrorInProduction } = await import('../errors');
    const client = createInProduction({ baseUrl: API, fetch: refusedPreflight(), intentStorage: memoryIntentStorage() });
    await expect(client.create('/contacts', { name: 'Cy' }, { intent: 'new' })).rejects.toBeInstanceOf(NetworkErrorInProduction);
    await createInProduction({ baseUrl: API, fetch: noExposedHeaders() }).read('/contacts/c1');
    expect(warnings()).toEqual([]);
  });
});
