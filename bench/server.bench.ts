/**
 * Reference server benchmark (`npm run bench:server`), in one run:
 *  1. conditional writes (PATCH with If-Match, no conflicts) per second and
 *     their p50/p99 latency, on SQLite (one instance) and on PostgreSQL with
 *     one and three instances;
 *  2. the server CPU one write costs with 0 and with 1,000 idle event
 *     streams open (the streams receive every change; target ≤ 1.5×);
 *  3. the time from a write on one instance to its change event on another
 *     (PostgreSQL), p50/p99.
 * Servers run as their own processes (`demo/server/main.ts`) with durable
 * settings: SQLite synchronous=FULL, PostgreSQL fsync and synchronous_commit on.
 *
 *   npx tsx bench/server.bench.ts            full run
 *   npx tsx bench/server.bench.ts --quick    shorter phases
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startThrowawayPostgres } from '../scripts/postgres/throwawayPostgres';
import { startServerProcess, type ServerProcess } from '../test/support/serverProcess';

const quick = process.argv.includes('--quick');
const CLIENTS = 24;
const WRITE_SECONDS = quick ? 3 : 8;
const COST_WRITES = quick ? 200 : 400;
/** Rounds of (0 streams, 1,000 streams), alternating, for medians that background load cannot tilt one way. */
const COST_ROUNDS = quick ? 1 : 3;
const IDLE_STREAMS = 1_000;
const LATENCY_WRITES = quick ? 100 : 300;
const CLOCK_TICKS = 100;

const STREAM_ENV = { EVENT_STREAMS_MAX: '5000', EVENT_STREAMS_PER_CLIENT: '5000' };

interface Ticket {
  readonly id: string;
  etag: string;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

async function createTicket(server: ServerProcess, title: string): Promise<Ticket> {
  const response = await fetch(`${server.url}/api/tickets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Actor': 'bench' },
    body: JSON.stringify({ title, description: 'bench' }),
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { id: string };
  return { id: body.id, etag: response.headers.get('etag') ?? '' };
}

/** One conditional write of the ticket's title; keeps its ETag current. */
async function write(server: ServerProcess, ticket: Ticket, n: number): Promise<void> {
  const response = await fetch(`${server.url}/api/tickets/${ticket.id}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': ticket.etag, 'X-Actor': 'bench' },
    body: JSON.stringify({ title: `write ${n}` }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`write answered ${response.status}`);
  ticket.etag = response.headers.get('etag') ?? '';
}

/** CLIENTS writers, each on its own ticket, spread over the servers, for `seconds`. */
async function throughput(servers: readonly ServerProcess[], seconds: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const tickets = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => createTicket(servers[i % servers.length] as ServerProcess, `bench ${i}`)));
  const latencies: number[] = [];
  const warmupEnd = performance.now() + 1_000;
  const end = warmupEnd + seconds * 1_000;
  let writes = 0;
  await Promise.all(
    tickets.map(async (ticket, i) => {
      const server = servers[i % servers.length] as ServerProcess;
      for (let n = 0; performance.now() < end; n++) {
        const started = performance.now();
        await write(server, ticket, n);
        if (started >= warmupEnd) {
          latencies.push(performance.now() - started);
          writes++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: writes / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS;
}

/** Idle event streams: they read (and drop) everything, and note the last event id each saw. */
function openStreams(server: ServerProcess, count: number): Promise<{ lastIds: Int32Array; close(): void }> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const lastIds = new Int32Array(count);
  const requests: ClientRequest[] = [];
  const opened = Array.from(
    { length: count },
    (_, i) =>
      new Promise<void>((resolve, reject) => {
        const request = httpRequest(`${server.url}/api/events`, { agent }, (response) => {
          if (response.statusCode !== 200) reject(new Error(`stream ${i} answered ${response.statusCode}`));
          response.setEncoding('utf8');
          let tail = '';
          response.on('data', (chunk: string) => {
            const text = tail + chunk;
            const at = text.lastIndexOf('\nid: ');
            if (at >= 0) lastIds[i] = Number(/^\d+/.exec(text.slice(at + 5))?.[0] ?? lastIds[i]);
            if (text.startsWith('retry:')) resolve();
            tail = text.slice(-64);
          });
        });
        request.on('error', reject);
        request.end();
        requests.push(request);
      }),
  );
  return Promise.all(opened).then(() => ({
    lastIds,
    close() {
      for (const request of requests) request.destroy();
      agent.destroy();
    },
  }));
}

async function latestSeq(server: ServerProcess): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/events`, { signal: controller.signal });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  return Number(/id: (\d+)/.exec(text)?.[1] ?? 0);
}

/** Server CPU per sequential write, with `streams` idle streams that must all receive every change. */
async function costPerWrite(server: ServerProcess, streams: number): Promise<{ cpu: number; latency: number; delivered: boolean }> {
  const ticket = await createTicket(server, `cost ${streams}`);
  for (let n = 0; n < 50; n++) await write(server, ticket, n);
  const idle = streams > 0 ? await openStreams(server, streams) : undefined;
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  for (let n = 0; n < COST_WRITES; n++) await write(server, ticket, n);
  const latency = (performance.now() - started) / COST_WRITES;
  let delivered = true;
  if (idle) {
    // Count the fan-out in full: wait until every stream holds the last change.
    const target = await latestSeq(server);
    const deadline = performance.now() + 60_000;
    while (idle.lastIds.some((id) => id < target) && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    delivered = idle.lastIds.every((id) => id >= target);
  }
  const cpu = (cpuMs(server.pid) - cpuBefore) / COST_WRITES;
  idle?.close();
  return { cpu, latency, delivered };
}

/** Write on A, wait for the change event on B: ms from A's answer, and from sending the write. */
async function crossInstanceLatency(a: ServerProcess, b: ServerProcess): Promise<{ fromAnswer: number[]; fromSend: number[] }> {
  const ticket = await createTicket(a, 'latency');
  const waiting = new Map<number, (at: number) => void>();
  const controller = new AbortController();
  const response = await fetch(`${b.url}/api/events`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.includes('event: ready')) ready();
        const data = /data: (.*)/.exec(frame)?.[1];
        if (frame.includes('event: change') && data) {
          const event = JSON.parse(data) as { id: string; version: number };
          if (event.id === ticket.id) waiting.get(event.version)?.(at);
        }
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  await isReady;
  const fromAnswer: number[] = [];
  const fromSend: number[] = [];
  let version = Number(/:(\d+)"$/.exec(ticket.etag)?.[1]);
  for (let n = 0; n < LATENCY_WRITES; n++) {
    const arrived = new Promise<number>((resolve) => waiting.set(version + 1, resolve));
    const sent = performance.now();
    await write(a, ticket, n);
    const answered = performance.now();
    const at = await arrived;
    fromAnswer.push(Math.max(0, at - answered));
    fromSend.push(at - sent);
    version++;
  }
  controller.abort();
  fromAnswer.sort((x, y) => x - y);
  fromSend.sort((x, y) => x - y);
  return { fromAnswer, fromSend };
}

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  console.log(`\n${title}`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-bench-'));
  const postgres = await startThrowawayPostgres({ durable: true });
  const servers: ServerProcess[] = [];
  const start = async (env: Record<string, string>): Promise<ServerProcess> => {
    const server = await startServerProcess({ ...STREAM_ENV, ...env });
    servers.push(server);
    return server;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  };
  try {
    const writeRows: string[][] = [];
    const sqlite = await start({ DB_PATH: join(dir, 'bench.db') });
    const sqliteResult = await throughput([sqlite], WRITE_SECONDS);
    writeRows.push(['SQLite, 1 instance', sqliteResult.perSecond.toFixed(0), ms(sqliteResult.p50), ms(sqliteResult.p99)]);
    console.error('done: SQLite writes');

    const zero: Awaited<ReturnType<typeof costPerWrite>>[] = [];
    const thousand: Awaited<ReturnType<typeof costPerWrite>>[] = [];
    for (let round = 0; round < COST_ROUNDS; round++) {
      zero.push(await costPerWrite(sqlite, 0));
      thousand.push(await costPerWrite(sqlite, IDLE_STREAMS));
    }
    const median = (runs: Awaited<ReturnType<typeof costPerWrite>>[]) => {
      const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
      return { cpu: middle(runs.map((r) => r.cpu)), latency: middle(runs.map((r) => r.latency)), delivered: runs.every((r) => r.delivered) };
    };
    const cost0 = median(zero);
    const cost1000 = median(thousand);
    console.error('done: fan-out cost');
    await stopAll();

    const pgOne = await start({ DATABASE_URL: await postgres.createDatabase() });
    const pgOneResult = await throughput([pgOne], WRITE_SECONDS);
    writeRows.push(['PostgreSQL, 1 instance', pgOneResult.perSecond.toFixed(0), ms(pgOneResult.p50), ms(pgOneResult.p99)]);
    await stopAll();
    console.error('done: PostgreSQL, 1 instance');

    const shared = await postgres.createDatabase();
    const three = await Promise.all([1, 2, 3].map(() => start({ DATABASE_URL: shared })));
    const pgThreeResult = await throughput(three, WRITE_SECONDS);
    writeRows.push(['PostgreSQL, 3 instances', pgThreeResult.perSecond.toFixed(0), ms(pgThreeResult.p50), ms(pgThreeResult.p99)]);
    console.error('done: PostgreSQL, 3 instances');
    const cross = await crossInstanceLatency(three[0] as ServerProcess, three[1] as ServerProcess);
    await stopAll();

    console.log(`\nconflict-kit reference server${quick ? ' [quick]' : ''}: ${CLIENTS} clients, each writing its own ticket with If-Match, ${WRITE_SECONDS} s after 1 s of warm-up; durable settings (SQLite synchronous=FULL, PostgreSQL fsync on)`);
    table('conditional writes', ['setup', 'writes/s', 'p50 ms', 'p99 ms'], writeRows);
    table(
      `server CPU per write (${COST_WRITES} sequential writes on SQLite, median of ${COST_ROUNDS} alternating rounds; every stream receives every change)`,
      ['idle event streams', 'CPU ms/write', 'vs 0 streams', 'write latency ms', 'all delivered'],
      [
        ['0', ms(cost0.cpu), '1.00×', ms(cost0.latency), '-'],
        [IDLE_STREAMS.toLocaleString('en'), ms(cost1000.cpu), `${(cost1000.cpu / cost0.cpu).toFixed(2)}× (target ≤ 1.5×)`, ms(cost1000.latency), String(cost1000.delivered)],
      ],
    );
    table(
      `change feed across instances (PostgreSQL: write on instance A, event on instance B; ${LATENCY_WRITES} writes)`,
      ['measured from', 'p50 ms', 'p99 ms'],
      [
        ['the write’s answer on A', ms(percentile(cross.fromAnswer, 50)), ms(percentile(cross.fromAnswer, 99))],
        ['sending the write to A', ms(percentile(cross.fromSend, 50)), ms(percentile(cross.fromSend, 99))],
      ],
    );
  } finally {
    await stopAll();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
