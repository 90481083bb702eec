/**
 * `npm run test:chaos`: the large model-based chaos run — by default 8,400
 * operations (1,050 per client) for each of memory, SQLite, HTTP and a
 * cluster of three server instances on one PostgreSQL database, one of them
 * SIGKILLed and restarted mid-run — with the counters of what happened and
 * the violations found (must be 0).
 *
 *   tsx test/chaos/runChaos.ts [--ops 8400] [--clients 8] [--seed 20261125]
 *     [--transports memory,sqlite,http,cluster] [--instances 3] [--kill-at 0.35] [--restart-at 0.6]
 *
 * The cluster mode starts a throwaway PostgreSQL cluster (or uses
 * DATABASE_URL, which must name an empty database).
 */
import { parseArgs } from 'node:util';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwawayPostgres';
import { formatReport, runChaos, sampleClusterCommands, sampleCommands } from './chaosRun';
import type { Transport } from './chaosTarget';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '8400' },
    clients: { type: 'string', default: '8' },
    seed: { type: 'string', default: String(Date.now() % 0x7fffffff) },
    transports: { type: 'string', default: 'memory,sqlite,http,cluster' },
    'drop-rate': { type: 'string', default: '0.08' },
    'max-delay-ms': { type: 'string', default: '3' },
    instances: { type: 'string', default: '3' },
    'kill-at': { type: 'string', default: '0.35' },
    'restart-at': { type: 'string', default: '0.6' },
  },
});

const ops = Number(values.ops);
const clients = Number(values.clients);
const seed = Number(values.seed);
const instances = Number(values.instances);
const transports = values.transports.split(',').map((t) => t.trim()) as Transport[];
let passed = 0;
let failed = 0;
console.log(`chaos run: ${ops} operations × ${transports.length} transports, ${clients} clients, seed ${seed} (replay with --seed ${seed})`);
for (const transport of transports) {
  let postgres: ThrowawayPostgres | undefined;
  try {
    const base = { transport, clients, dropRate: Number(values['drop-rate']), maxDelayMs: Number(values['max-delay-ms']) };
    if (transport === 'cluster') {
      let databaseUrl = process.env['DATABASE_URL'];
      if (!databaseUrl) {
        postgres = await startThrowawayPostgres();
        databaseUrl = await postgres.createDatabase();
      }
      const crash = { instance: 1, killAt: Number(values['kill-at']), restartAt: Number(values['restart-at']) };
      console.log(`[cluster] ${instances} instances on ${databaseUrl.replace(/\/\/[^@]*@/, '//')}; instance ${crash.instance} is SIGKILLed at ${crash.killAt * 100}% of the run and restarted at ${crash.restartAt * 100}%`);
      const report = await runChaos({ ...base, cluster: { databaseUrl, instances } }, sampleClusterCommands(ops, clients, seed, crash));
      console.log(formatReport(report));
      if (report.violations.length === 0) passed++;
      else failed++;
      continue;
    }
    const report = await runChaos(base, sampleCommands(ops, clients, seed));
    console.log(formatReport(report));
    if (report.violations.length === 0) passed++;
    else failed++;
  } catch (error) {
    console.error(`[${transport}] could not run:`, error);
    failed++;
  } finally {
    await postgres?.stop();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
