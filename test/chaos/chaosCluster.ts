/**
 * The multi-instance target of the chaos run: several reference server
 * processes (`tsx demo/server/main.ts`) on one PostgreSQL database, clients
 * spread across them, and instances that can be SIGKILLed and started again
 * on the same port. The commit history comes from the database itself: a
 * trigger, installed only here, logs every row version in the writing
 * transaction, so a killed instance cannot lose a commit from the history.
 */
import { pgStore, recordFromRow, type PgDemoStore } from '../../demo/server/pgStore';
import type { ResourceName } from '../../demo/server/recordId';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import type { ChaosTarget, Commit } from './chaosTarget';

/** Settings of a cluster. */
export interface ChaosClusterOptions {
  /** An empty database for this run. */
  readonly databaseUrl: string;
  /** @default 3 */
  readonly instances?: number;
  /**
   * How long a request holds its Idempotency-Key: a key held by a killed
   * instance is free again after this.
   * @default 3_000
   */
  readonly inFlightMs?: number;
}

const HISTORY = `
CREATE TABLE IF NOT EXISTS chaos_history (
  n BIGSERIAL PRIMARY KEY,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL,
  old_version INTEGER,
  row_data JSONB NOT NULL
);
CREATE OR REPLACE FUNCTION chaos_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO chaos_history (tbl, op, old_version, row_data)
  VALUES (TG_TABLE_NAME, TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN OLD.version END, to_jsonb(NEW));
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS chaos_tickets ON tickets;
DROP TRIGGER IF EXISTS chaos_documents ON documents;
DROP TRIGGER IF EXISTS chaos_orders ON orders;
CREATE TRIGGER chaos_tickets AFTER INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION chaos_record();
CREATE TRIGGER chaos_documents AFTER INSERT OR UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION chaos_record();
CREATE TRIGGER chaos_orders AFTER INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION chaos_record();
`;

interface Instance {
  readonly index: number;
  port: number;
  url: string;
  process: ServerProcess | undefined;
  /** Bumped at every kill: a request that started before a kill may fail. */
  kills: number;
  down: boolean;
}

async function launch(instance: Instance, databaseUrl: string, inFlightMs: number): Promise<void> {
  const started = await startServerProcess(
    { DATABASE_URL: databaseUrl, FAULTS: '1', IDEMPOTENCY_IN_FLIGHT_MS: String(inFlightMs), EVENT_STREAMS_PER_CLIENT: '256' },
    instance.port,
  );
  instance.process = started;
  instance.url = started.url;
  instance.port = started.port;
  instance.down = false;
  void started.exited.then(() => {
    if (instance.process === started) instance.down = true;
  });
}

/** Three (or `instances`) server processes on one PostgreSQL database, ready for the chaos users. */
export async function startChaosCluster(options: ChaosClusterOptions): Promise<ChaosTarget> {
  const inFlightMs = options.inFlightMs ?? 3_000;
  const count = options.instances ?? 3;
  // The harness's own connection: creates and seeds the schema before any instance, reads the history at the end.
  const store: PgDemoStore = await pgStore({ connectionString: options.databaseUrl });
  await store.pool.query(HISTORY);
  const initialRecords = [...(await store.tickets.list()), ...(await store.documents.list()), ...(await store.orders.list())];
  const initial = new Map(initialRecords.map((record) => [record.id, { ...(record as unknown as Record<string, unknown>) }]));
  const instances: Instance[] = Array.from({ length: count }, (_, index) => ({ index, port: 0, url: '', process: undefined, kills: 0, down: true }));
  try {
    await Promise.all(instances.map((instance) => launch(instance, options.databaseUrl, inFlightMs)));
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.process?.stop('SIGKILL')));
    await store.close();
    throw error;
  }
  const commits: Commit[] = [];
  const instanceOf = (client: number): Instance => instances[client % count] as Instance;

  return {
    transport: 'cluster',
    baseUrl: instances[0]?.url ?? '',
    fetch: (input, init) => globalThis.fetch(input, init),
    store,
    commits,
    initial,
    instances: count,
    baseUrlFor: (client) => instanceOf(client).url,
    instanceOf: (client) => client % count,
    epoch: (client) => instanceOf(client).kills,
    outageSince: (client, epoch) => {
      const instance = instanceOf(client);
      return instance.down || instance.kills !== epoch;
    },
    async kill(index) {
      const instance = instances[index % count] as Instance;
      instance.kills++;
      instance.down = true;
      await instance.process?.stop('SIGKILL');
    },
    async restart(index) {
      const instance = instances[index % count] as Instance;
      if (!instance.down) return;
      await launch(instance, options.databaseUrl, inFlightMs);
    },
    async sync() {
      const { rows } = await store.pool.query<{ tbl: string; op: string; old_version: number | null; row_data: Record<string, unknown> }>(
        'SELECT tbl, op, old_version, row_data FROM chaos_history ORDER BY n',
      );
      commits.length = 0;
      for (const row of rows) {
        const resource = row.tbl as ResourceName;
        const value = recordFromRow(resource, row.row_data) as unknown as Record<string, unknown>;
        commits.push({
          resource,
          id: value.id as string,
          kind: row.op === 'INSERT' ? 'create' : resource === 'orders' ? 'transition' : 'update',
          expectedVersion: row.old_version ?? undefined,
          version: value.version as number,
          actor: value.updatedBy as string,
          value,
        });
      }
    },
    async close() {
      await Promise.all(instances.map((instance) => instance.process?.stop('SIGTERM')));
      await store.close();
    },
  };
}
