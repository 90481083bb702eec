import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictResolver } from './resolver';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const URL_T1 = 'https://api.test/tickets/T-1';
const record = { id: 'T-1', title: 'first' };

/** A server that serves the record with a strong ETag and refuses every write with `status`. */
const refusing =
  (status: number) =>
  async (_url: string, init?: RequestInit): Promise<Response> =>
    (init?.method ?? 'GET') === 'GET'
      ? new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json', etag: '"v1"' } })
      : new Response(null, { status });

/** Saves once against `fetch` with the modules of a production build, after reading the record. */
async function failureInProduction(fetch: ReturnType<typeof refusing>, maxAttempts: number): Promise<unknown> {
  vi.stubEnv('NODE_ENV', 'production');
  // Whether the build is a development one is read at import: fresh copies of the modules see production.
  vi.resetModules();
  const { createConflictClient } = await import('../core/index');
  const { createConflictSessionStore } = await import('./createConflictSessionStore');
  const { runGuardedSave } = await import('./runGuardedSave');
  const client = createConflictClient({ fetch });
  await client.read(URL_T1);
  const settings = {
    kit: { client, sessions: createConflictSessionStore(), drafts: undefined as never },
    resolver: {} as ConflictResolver,
    url: URL_T1,
    key: client.keyFor(URL_T1),
    method: 'PUT' as const,
    autoMerge: true,
    maxAttempts,
    draftStorage: undefined,
  };
  return runGuardedSave(settings, { ...record, title: 'mine' }).catch((error: unknown) => error);
}

describe('runGuardedSave in production builds', () => {
  it('says in one short sentence that the server keeps asking for a precondition it was given', async () => {
    const error = await failureInProduction(refusing(428), 3);
    expect((error as Error).message).toBe('The server still answered 428 to a write with the current version. (PUT https://api.test/tickets/T-1)');
  });

  it('says in one short sentence that the server refuses the version it still serves', async () => {
    const error = await failureInProduction(refusing(412), 1);
    expect((error as Error).message).toBe('The server refused 1 saves as out of date, yet still serves the version they were based on. (PUT https://api.test/tickets/T-1)');
  });
});
