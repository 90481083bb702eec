import pg from 'pg';
import { afterAll } from 'vitest';
import { startThrowawayPostgres } from '../../scripts/postgres/throwawayPostgres';

/**
 * The environment variable through which `npm test` hands its one throwaway
 * cluster to every test file: the admin URL, or `skip:<reason>` when the
 * cluster could not start.
 */
export const TEST_PG_ENV = 'CONFLICT_KIT_TEST_PG_URL';

/** PostgreSQL for one test file, or the reason its tests are skipped. */
export type TestPostgres =
  | {
      readonly available: true;
      /** A new, empty database on the cluster; returns its URL. */
      newDatabase(): Promise<string>;
    }
  | { readonly available: false; readonly reason: string };

let databases = 0;

async function createOn(adminUrl: string): Promise<string> {
  const name = `ck_${process.pid}_${++databases}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * PostgreSQL for the calling test file (call it at the top level): the
 * cluster `npm test` started, else one started here and stopped after the
 * file, else `available: false` with the reason, for `describe.skipIf` and
 * the suite's name, so a missing PostgreSQL shows as skipped, never as
 * passed.
 */
export async function testPostgres(): Promise<TestPostgres> {
  const shared = process.env[TEST_PG_ENV];
  if (shared?.startsWith('skip:')) return { available: false, reason: shared.slice('skip:'.length).trim() };
  if (shared) return { available: true, newDatabase: () => createOn(shared) };
  try {
    const cluster = await startThrowawayPostgres();
    afterAll(() => cluster.stop());
    return { available: true, newDatabase: () => cluster.createDatabase() };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error) };
  }
}

/** The suite name with the skip reason appended when PostgreSQL is unavailable. */
export function pgSuiteName(name: string, postgres: TestPostgres): string {
  return postgres.available ? name : `${name} (skipped: ${postgres.reason})`;
}
