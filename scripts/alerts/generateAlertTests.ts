/**
 * Generates docs/alerts/conflict-kit.rules.test.yml: `promtool test rules`
 * input series scraped from the reference server's GET /metrics while the
 * chaos clients (test/chaos) work on it, and the alerts that must (and must
 * not) fire on them.
 *
 *   tsx scripts/alerts/generateAlertTests.ts [--seed 20261125]
 *
 * One scrape is one minute of the test's time. Phases:
 *   calm   (minutes 0–59): one chaos client alone: no one to conflict with.
 *   spike  (minutes 60–79): eight chaos clients on the same tickets and
 *          orders, plus a client that writes without If-Match (428s), and
 *          order creates made slow (a slow database) that an eager client
 *          retries with the same Idempotency-Key before the first attempt
 *          has finished (409 idempotency_key_in_use).
 * The chaos clients' own conflict events go to POST /api/telemetry, as the
 * beacon sender does in a browser; being core clients without dialogs, they
 * report detections but never an adoption of an existing order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ConflictEvent } from '../../src/core';
import { subscribeConflictEvents } from '../../src/telemetry';
import { createJournal } from '../../test/chaos/chaosJournal';
import { ChaosWorld, sampleCommands } from '../../test/chaos/chaosRun';
import { startChaosTarget } from '../../test/chaos/chaosTarget';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '20261125' }, out: { type: 'string', default: 'docs/alerts/conflict-kit.rules.test.yml' } } });
const seed = Number(values.seed);
const CALM = 60;
const SPIKE = 20;
const CLIENTS = 8;
const FAMILIES = ['conflict_kit_server_outcomes_total', 'conflict_kit_server_writes_total', 'conflict_kit_client_events_total', 'conflict_kit_client_resolutions_total'];

const target = await startChaosTarget('http');
const world = new ChaosWorld(target, createJournal(CLIENTS), CLIENTS, { dropRate: 0.02, maxDelayMs: 2 });
const outbox: ConflictEvent[] = [];
for (const user of world.users) subscribeConflictEvents(user.client, (event) => outbox.push(event));

// A slow database for orders: while `hold` is set, a create waits for it to be released, so a retry arrives in flight.
const orders = target.store.orders;
const createOrder = orders.create.bind(orders);
let hold: { readonly started: () => void; readonly released: Promise<void> } | undefined;
orders.create = (async (...args: Parameters<typeof createOrder>) => {
  const held = hold;
  if (held) {
    hold = undefined;
    held.started();
    await held.released;
  }
  return createOrder(...args);
}) as typeof orders.create;

/** Creates an order that the database holds, retries it (same Idempotency-Key) while it is held, then lets it finish; answers the retry's status. */
async function eagerRetry(key: string): Promise<number> {
  const post = () =>
    target.fetch(`${target.baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Actor': 'eager-client', 'Idempotency-Key': key },
      body: JSON.stringify({ externalId: key, items: [{ sku: 'SKU-EAGER', quantity: 1 }] }),
    });
  let release = (): void => {};
  const started = new Promise<void>((resolve) => {
    hold = { started: resolve, released: new Promise<void>((done) => (release = done)) };
  });
  const first = post();
  await started;
  const retry = await post();
  release();
  await first;
  return retry.status;
}

async function sendEvents(): Promise<void> {
  while (outbox.length > 0) {
    const events = outbox.splice(0, 100);
    const res = await fetch(`${target.baseUrl}/api/telemetry`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ events }) });
    if (res.status !== 202) throw new Error(`The collector refused chaos events: ${res.status} ${await res.text()}`);
  }
}

/** Every sample of the families the rules read, by series. */
const series = new Map<string, (number | undefined)[]>();
let scrapes = 0;
async function scrape(): Promise<void> {
  await sendEvents();
  const text = await (await fetch(`${target.baseUrl}/metrics`)).text();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || !FAMILIES.includes(match[1] ?? '')) continue;
    const key = `${match[1]}${match[2] ?? ''}`;
    const samples = series.get(key) ?? [];
    samples[scrapes] = Number(match[3]);
    series.set(key, samples);
  }
  scrapes++;
}

/** Runs chaos commands on the world, then waits until every client is idle. */
async function run(commands: ReturnType<typeof sampleCommands>): Promise<void> {
  for (const command of commands) await command.run({ clients: CLIENTS }, world);
  await world.drain();
}

try {
  const calm = sampleCommands(CALM * 6, 1, seed).filter((c) => c.op.type !== 'barrier' && c.op.type !== 'offline');
  for (let minute = 0; minute < CALM; minute++) await (run(calm.slice(minute * 5, minute * 5 + 5)), scrape());
  // Documents and If-Match transitions stay out of the spike, so exactly the ticket route's stale share jumps.
  const spike = sampleCommands(SPIKE * 60, CLIENTS, seed + 1)
    .filter((c) => !('record' in c.op) || c.op.record < 4)
    .filter((c) => !(c.op.type === 'transition' && c.op.ifMatch));
  for (let minute = 0; minute < SPIKE; minute++) {
    await run(spike.slice(minute * 50, minute * 50 + 50));
    // A client that lost its If-Match: every write it sends is refused with 428.
    for (let i = 0; i < 6; i++) {
      await target.fetch(`${target.baseUrl}/api/tickets/T-1004`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', 'X-Actor': 'unguarded-client' },
        body: '{"title":"no precondition"}',
      });
    }
    for (let i = 0; i < 3; i++) {
      const status = await eagerRetry(`eager-${minute}-${i}`);
      if (status !== 409) throw new Error(`A retry during a slow create was answered ${status}, not 409 in flight.`);
    }
    await scrape();
  }
  await Promise.all(world.users.map((user) => user.settle()));
} finally {
  await target.close();
}

const total = (prefix: string, from: number, to: number): number =>
  [...series]
    .filter(([key]) => key.startsWith(prefix))
    .reduce((sum, [, samples]) => sum + ((samples[to] ?? 0) - (samples[from] ?? 0)), 0);
// The test below expects what these shapes make true; a run without them would prove nothing.
const shape = {
  staleTicketsInSpike: total('conflict_kit_server_outcomes_total{method="PATCH",outcome="precondition_failed",route="/api/tickets/:id"}', CALM - 1, CALM + SPIKE - 1) +
    total('conflict_kit_server_outcomes_total{method="PUT",outcome="precondition_failed",route="/api/tickets/:id"}', CALM - 1, CALM + SPIKE - 1),
  staleInCalm: total('conflict_kit_server_outcomes_total{method="PATCH",outcome="precondition_failed"', 0, CALM - 1),
  duplicatesDetected: total('conflict_kit_client_events_total{type="conflict.detected",kind="duplicate"', CALM - 1, CALM + SPIKE - 1),
};
console.log(`${scrapes} scrapes, ${series.size} series; spike: ${shape.staleTicketsInSpike} stale ticket writes, ${shape.duplicatesDetected} duplicates detected by clients; calm: ${shape.staleInCalm} stale writes`);
if (shape.staleTicketsInSpike < 40 || shape.duplicatesDetected < 3 || shape.staleInCalm > 0) {
  throw new Error(`This chaos run did not produce the shape the alert tests need (${JSON.stringify(shape)}); try another --seed.`);
}

const values_ = (samples: (number | undefined)[]): string =>
  Array.from({ length: scrapes }, (_, i) => (samples[i] === undefined ? '_' : String(samples[i]))).join(' ');
const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const none = (name: string, at: string) => `      - eval_time: ${at}\n        alertname: ${name}\n        exp_alerts: []\n`;
const alert = (name: string, at: string, labels: Record<string, string>, summary = summaryOf(name, labels)) =>
  `      - eval_time: ${at}\n        alertname: ${name}\n        exp_alerts:\n          - exp_labels:\n${Object.entries({ severity: 'warning', ...labels })
    .map(([k, v]) => `              ${k}: ${quote(v)}\n`)
    .join('')}            exp_annotations:\n              summary: ${quote(summary)}\n`;

/** An alert's summary as Prometheus renders it for these labels, read from the rules file. */
function summaryOf(name: string, labels: Record<string, string>): string {
  const rules = readFileSync('docs/alerts/conflict-kit.rules.yml', 'utf8');
  const match = new RegExp(`- alert: ${name}\\n[\\s\\S]*?summary: "(.*)"`).exec(rules);
  if (!match?.[1]) throw new Error(`No summary for ${name} in the rules file.`);
  return match[1].replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => labels[label] ?? '');
}
const lines = [
  `# Generated by scripts/alerts/generateAlertTests.ts --seed ${seed}: do not edit by hand; run it again.`,
  `# ${scrapes} scrapes of GET /metrics during a chaos run, one per minute of test time:`,
  `# minutes 0-${CALM - 1} one client alone, ${CALM}-${CALM + SPIKE - 1} eight clients on the same records plus one writing without If-Match and one retrying slow order creates too eagerly.`,
  'rule_files:',
  '  - conflict-kit.rules.yml',
  'evaluation_interval: 1m',
  'tests:',
  '  - interval: 1m',
  '    input_series:',
  ...[...series].sort(([a], [b]) => a.localeCompare(b)).flatMap(([key, samples]) => [`      - series: ${quote(key)}`, `        values: ${quote(values_(samples))}`]),
  '    alert_rule_test:',
];
const calmAt = `${CALM - 5}m`;
const spikeAt = `${CALM + SPIKE - 1}m`;
const expectations = [
  ...['ConflictKitConflictRateAboveBaseline', 'ConflictKitPreconditionRequiredSpike', 'ConflictKitDuplicateCreatesNotAdopted', 'ConflictKitIdempotencyInFlightSpike'].map((name) => none(name, calmAt)),
  alert('ConflictKitConflictRateAboveBaseline', spikeAt, { route: '/api/tickets/:id' }),
  alert('ConflictKitPreconditionRequiredSpike', spikeAt, { route: '/api/tickets/:id' }),
  alert('ConflictKitDuplicateCreatesNotAdopted', spikeAt, { resource: '/api/orders' }),
  alert('ConflictKitIdempotencyInFlightSpike', spikeAt, { route: '/api/orders' }),
];
writeFileSync(values.out, `${lines.join('\n')}\n${expectations.join('')}`);
console.log(`wrote ${values.out}`);
