/**
 * `npm run test:chaos`: the large model-based chaos run — by default 8,400
 * operations (1,050 per client) for each of memory, SQLite and HTTP — with
 * the counters of what happened and the violations found (must be 0).
 *
 *   tsx test/chaos/runChaos.ts [--ops 8400] [--clients 8] [--seed 20261125] [--transports memory,sqlite,http]
 */
import { parseArgs } from 'node:util';
import { formatReport, runChaos, sampleCommands } from './chaosRun';
import type { Transport } from './chaosTarget';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '8400' },
    clients: { type: 'string', default: '8' },
    seed: { type: 'string', default: String(Date.now() % 0x7fffffff) },
    transports: { type: 'string', default: 'memory,sqlite,http' },
    'drop-rate': { type: 'string', default: '0.08' },
    'max-delay-ms': { type: 'string', default: '3' },
  },
});

const ops = Number(values.ops);
const clients = Number(values.clients);
const seed = Number(values.seed);
const transports = values.transports.split(',').map((t) => t.trim()) as Transport[];
let passed = 0;
let failed = 0;
console.log(`chaos run: ${ops} operations × ${transports.length} transports, ${clients} clients, seed ${seed} (replay with --seed ${seed})`);
for (const transport of transports) {
  const report = await runChaos(
    { transport, clients, dropRate: Number(values['drop-rate']), maxDelayMs: Number(values['max-delay-ms']) },
    sampleCommands(ops, clients, seed),
  );
  console.log(formatReport(report));
  if (report.violations.length === 0) passed++;
  else failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
