/**
 * The model-based chaos run: fast-check generates commands (one client's
 * operation each), `fc.asyncModelRun` feeds them to eight simulated users
 * whose operations run concurrently (each user is serial, as a person is),
 * then every user settles and the history is checked.
 */
import fc from 'fast-check';
import { startChaosCluster } from './chaosCluster';
import { checkHistory, checkStreams, checkTelemetry, createJournal, type ChaosJournal, type StreamTotals } from './chaosJournal';
import { startChaosTarget, type ChaosTarget, type Transport } from './chaosTarget';
import { ChaosUser, EDITABLE, type ChaosOp, type ChaosUserOptions, type Sabotage } from './chaosUser';

/** Settings of one run. */
export interface ChaosRunOptions {
  readonly transport: Transport;
  /** @default 8 */
  readonly clients?: number;
  /** @default 0.08 */
  readonly dropRate?: number;
  /** @default 3 */
  readonly maxDelayMs?: number;
  readonly sabotage?: Sabotage;
  /** For the `cluster` transport: the database and how many instances. */
  readonly cluster?: { readonly databaseUrl: string; readonly instances?: number; readonly inFlightMs?: number };
}

/** What a run did and what the checks found. */
export interface ChaosReport {
  readonly transport: Transport;
  readonly journal: ChaosJournal;
  readonly violations: readonly string[];
  readonly commits: number;
  readonly ms: number;
  /** What the clients' event streams delivered (cluster runs). */
  readonly streams: StreamTotals;
  /** Instances SIGKILLed and started again during the run. */
  readonly kills: number;
  readonly restarts: number;
}

/** The model: only what decides which commands make sense (all do; users skip what does not apply). */
export interface ChaosModel {
  readonly clients: number;
}

/** The real system: the users and their operation lanes. */
export class ChaosWorld {
  readonly users: ChaosUser[];
  kills = 0;
  restarts = 0;
  private lanes: Promise<void>[];

  constructor(
    readonly target: ChaosTarget,
    journal: ChaosJournal,
    clients: number,
    options: ChaosUserOptions,
  ) {
    this.users = Array.from({ length: clients }, (_, i) => new ChaosUser(i, target, journal, options));
    this.lanes = this.users.map(() => Promise.resolve());
  }

  /** Queues an operation on its user's lane without waiting: users act concurrently. */
  enqueue(op: ChaosOp): void {
    const i = op.client % this.users.length;
    const user = this.users[i] as ChaosUser;
    this.lanes[i] = (this.lanes[i] as Promise<void>).then(() => user.run(op));
  }

  /** Waits until every queued operation has finished. */
  async drain(): Promise<void> {
    await Promise.all(this.lanes);
  }
}

/** One generated operation as a model-based command. */
export class ChaosCommand implements fc.AsyncCommand<ChaosModel, ChaosWorld> {
  constructor(readonly op: ChaosOp) {}
  check(): boolean {
    return true;
  }
  async run(_model: ChaosModel, world: ChaosWorld): Promise<void> {
    // A barrier waits for every lane: a moment where all users are idle.
    if (this.op.type === 'barrier') await world.drain();
    else if (this.op.type === 'kill') {
      // Mid-run, with requests in flight: SIGKILL, no goodbye.
      if (world.target.kill) {
        await world.target.kill(this.op.instance);
        world.kills++;
      }
    } else if (this.op.type === 'restart') {
      if (world.target.restart) {
        await world.target.restart(this.op.instance);
        world.restarts++;
      }
    } else world.enqueue(this.op);
  }
  toString(): string {
    return JSON.stringify(this.op);
  }
}

const seed = fc.integer({ min: 0, max: 0x7fffffff });

/** The operation generator; `clients` bounds the client index. */
export function opArbitrary(clients: number): fc.Arbitrary<ChaosOp> {
  const client = fc.nat(clients - 1);
  const record = fc.nat(EDITABLE.length - 1);
  const externalId = fc.nat(24);
  return fc.oneof(
    { weight: 30, arbitrary: fc.record({ type: fc.constant('edit' as const), client, record, field: fc.nat(13), seed }) },
    { weight: 16, arbitrary: fc.record({ type: fc.constant('save' as const), client, record, method: fc.constantFrom('PUT' as const, 'PATCH' as const), seed }) },
    { weight: 6, arbitrary: fc.record({ type: fc.constantFrom('read' as const, 'revalidate' as const), client, record, seed }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('discard' as const), client, record, seed }) },
    { weight: 4, arbitrary: fc.record({ type: fc.constantFrom('createTicket' as const, 'doubleClickTicket' as const), client, seed }) },
    { weight: 5, arbitrary: fc.record({ type: fc.constantFrom('createOrder' as const, 'doubleClickOrder' as const), client, externalId, seed }) },
    { weight: 5, arbitrary: fc.record({ type: fc.constant('transition' as const), client, order: fc.nat(40), to: fc.nat(4), ifMatch: fc.boolean(), seed }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('offline' as const), client, requests: fc.integer({ min: 1, max: 6 }), seed }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('barrier' as const), client, seed }) },
  );
}

/** Model-based commands for `fc.commands`. */
export function commandArbitrary(clients: number): fc.Arbitrary<ChaosCommand> {
  return opArbitrary(clients).map((op) => new ChaosCommand(op));
}

/** Runs the commands against a fresh server, settles every user, and checks the history. */
export async function runChaos(options: ChaosRunOptions, commands: Iterable<fc.AsyncCommand<ChaosModel, ChaosWorld>>): Promise<ChaosReport> {
  const started = Date.now();
  const clients = options.clients ?? 8;
  let target: ChaosTarget;
  if (options.transport === 'cluster') {
    if (!options.cluster) throw new Error('runChaos: the cluster transport needs cluster.databaseUrl.');
    target = await startChaosCluster(options.cluster);
  } else {
    target = await startChaosTarget(options.transport);
  }
  const journal = createJournal(clients);
  const world = new ChaosWorld(target, journal, clients, {
    dropRate: options.dropRate ?? 0.08,
    maxDelayMs: options.maxDelayMs ?? 3,
    sabotage: options.sabotage,
  });
  const streaming = options.transport === 'cluster';
  try {
    // Every tab listens from the start, as the demo app does.
    if (streaming) await Promise.all(world.users.map((user) => user.listen()));
    await fc.asyncModelRun(() => ({ model: { clients }, real: world }), commands);
    await world.drain();
    await Promise.all(world.users.map((user) => user.settle()));
    const violations: string[] = [];
    let streams: StreamTotals = { expected: 0, delivered: 0, crossExpected: 0, crossDelivered: 0, staleMarks: 0, crossStaleMarks: 0, reconnects: 0 };
    if (streaming) {
      await waitForStreams(world);
      world.users.forEach((user) => user.stopListening());
      streams = await checkStreams(target, journal, violations);
    }
    await target.sync?.();
    violations.unshift(...(await checkHistory(target, journal)), ...checkTelemetry(journal));
    return {
      transport: options.transport,
      journal,
      violations,
      commits: target.commits.length,
      ms: Date.now() - started,
      streams,
      kills: world.kills,
      restarts: world.restarts,
    };
  } finally {
    world.users.forEach((user) => user.stopListening());
    await target.close();
  }
}

/** Waits until every client's stream has seen the last committed change (or 30 s pass; the check then names what is missing). */
async function waitForStreams(world: ChaosWorld): Promise<void> {
  const { latest } = await world.target.store.changes.bounds();
  const deadline = Date.now() + 30_000;
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (Date.now() >= deadline || world.users.every((user) => user.streamPosition >= latest)) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
}

/**
 * The commands of a cluster run: `count` operations from a seed, with one
 * instance SIGKILLed at `killAt` (a share of the run) and started again at
 * `restartAt`.
 */
export function sampleClusterCommands(
  count: number,
  clients: number,
  seedValue: number,
  crash: { readonly instance: number; readonly killAt: number; readonly restartAt: number },
): ChaosCommand[] {
  const commands = sampleCommands(count, clients, seedValue);
  const kill = new ChaosCommand({ type: 'kill', client: 0, instance: crash.instance, seed: 0 });
  const restart = new ChaosCommand({ type: 'restart', client: 0, instance: crash.instance, seed: 0 });
  commands.splice(Math.floor(count * crash.restartAt), 0, restart);
  commands.splice(Math.floor(count * crash.killAt), 0, kill);
  return commands;
}

/** Exactly `count` commands from a seed, clients taking turns so each gets its share. */
export function sampleCommands(count: number, clients: number, seedValue: number): ChaosCommand[] {
  const [ops] = fc.sample(fc.array(opArbitrary(clients), { minLength: count, maxLength: count }), { seed: seedValue, numRuns: 1 });
  return (ops ?? []).map((op, i) => new ChaosCommand({ ...op, client: i % clients }));
}

function countBy(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function discardReasons(discarded: ReadonlyMap<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const why of discarded.values()) {
    const key = why.startsWith('merge choice') ? 'by merge choice' : why;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The counters of a report as printable lines. */
export function formatReport(report: ChaosReport): string {
  const { stats } = report.journal;
  const line = (record: Record<string, number>): string =>
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  const ops = Object.values(stats.ops).reduce((a, b) => a + b, 0);
  return [
    `[${report.transport}] ${ops} ops by ${stats.opsByClient.length} clients (per client ${stats.opsByClient.join('/')}), ${stats.requests} requests, ${report.commits} commits, ${(report.ms / 1000).toFixed(1)} s`,
    `  ops by type: ${line(stats.ops)}`,
    `  conflicts by kind: ${line(stats.conflicts)}`,
    `  faults injected: responses dropped after commit=${stats.faults.dropped} (of ${stats.faults.dropRequested} asked; non-2xx are delivered), offline request failures=${stats.faults.offline}, delayed requests/responses=${stats.faults.delayed}`,
    `  merges: auto=${stats.merges.auto}, manual=${stats.merges.manual}, already in theirs=${stats.merges.intoTheirs}`,
    `  outcomes: ${line(stats.outcomes)}`,
    ...(report.transport === 'cluster'
      ? [
          `  instances: killed with SIGKILL=${report.kills}, restarted=${report.restarts}; requests that died with their instance=${stats.faults.instanceDown}; acknowledged writes checked=${report.journal.acknowledged.length}`,
          `  change events delivered=${report.streams.delivered} of ${report.streams.expected} (from other instances: ${report.streams.crossDelivered} of ${report.streams.crossExpected}); stale marks applied=${report.streams.staleMarks} (from other instances: ${report.streams.crossStaleMarks}); stream reconnects=${report.streams.reconnects}`,
        ]
      : []),
    `  client conflict events: ${line(countBy(report.journal.clientEvents.map((e) => (e.type === 'conflict.detected' ? `${e.type}(${e.kind})` : e.type))))}; writes the server refused as conflicts=${report.journal.refusals.length}, each with one detected event of its request id unless listed below`,
    `  edits typed=${report.journal.typed.size}, explicitly discarded=${report.journal.discarded.size} (${line(discardReasons(report.journal.discarded))}), create intents=${report.journal.intents.length}`,
    `  violations=${report.violations.length}`,
    ...report.violations.slice(0, 20).map((v) => `    ✘ ${v}`),
  ].join('\n');
}
