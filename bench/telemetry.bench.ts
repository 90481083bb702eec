/**
 * `npm run bench:telemetry`: what conflict telemetry costs, as a ratio
 * against the same work with telemetry off, measured in the same run
 * (on and off alternate one operation at a time, so both see the same machine load):
 *
 * - a guarded save that meets a stale write and auto-merges (write → 412 →
 *   merge → write), through the React layer's save flow against the demo
 *   server in process. On: a traceparent per write and every event (detected,
 *   auto-merged, retried, resolved) built and queued in the batching sender.
 *   Off: `tracer: false` and no listener.
 * - opening the merge dialog (a 20-field record, rendered in jsdom under a
 *   provider and unmounted). On: the dialog's `dialog-shown` event to the sender.
 *
 * Target: at most 1.05× for each. Exits non-zero when a ratio is over it.
 *
 *   npx tsx bench/telemetry.bench.ts [--rounds 15] [--saves 40] [--dialogs 20]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

// jsdom ships no types; the part used here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string, options: object) => { window: Window & typeof globalThis };
};

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, saves: { type: 'string', default: '40' }, dialogs: { type: 'string', default: '20' } } });
const ROUNDS = Number(values.rounds);
const SAVES = Number(values.saves);
const DIALOGS = Number(values.dialogs);
const TARGET = 1.05;

// A browser-like global scope before React DOM loads.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'http://bench.test/' });
const scope = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in scope)) scope[key] = (dom.window as unknown as Record<string, unknown>)[key];
}
Object.assign(scope, { window: dom.window, document: dom.window.document, IS_REACT_ACT_ENVIRONMENT: true });
// The dialogs' support line for the console, once per dialog in both modes: noise here.
console.info = () => {};

const { act, createElement } = await import('react');
const { createRoot } = await import('react-dom/client');
const { createApp } = await import('../demo/server/createApp');
const { memoryStore } = await import('../demo/server/memoryStore');
const { createConflictClient } = await import('../src/core/createConflictClient');
const { ConflictKitContext } = await import('../src/react/ConflictKitContext');
const { createKitRuntime } = await import('../src/react/createKitRuntime');
const { runGuardedSave } = await import('../src/react/runGuardedSave');
const { createTelemetrySender } = await import('../src/telemetry/createTelemetrySender');
const { subscribeConflictEvents } = await import('../src/telemetry/subscribeConflictEvents');
const { MergeDialog } = await import('../src/ui/MergeDialog');
const { mergeRequest, wideRecord } = await import('../stories/support/requests');

type Client = ReturnType<typeof createConflictClient>;
type Mode = 'off' | 'on';

/** The sender as an app wires it, delivering to a beacon that accepts everything (the network is not what is measured). */
function sender() {
  let delivered = 0;
  const s = createTelemetrySender({ sendBeacon: () => ((delivered += 1), true), fetch: undefined, page: undefined, flushIntervalMs: 60_000 });
  return { send: s.send, flush: s.flush, delivered: () => delivered };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// --- a guarded save that auto-merges a stale write -------------------------------------------
const store = memoryStore();
const app = createApp({ store, allowedHosts: ['bench.test'] });
const fetch = async (url: string, init: RequestInit) => app.fetch(new Request(new URL(url, 'http://bench.test'), init));
const URL_T = '/api/tickets/T-1001';

function saveSetup(mode: Mode) {
  const events = sender();
  const client = createConflictClient({ fetch, headers: { 'X-Actor': 'bench' }, ...(mode === 'on' ? {} : { tracer: false as const }) });
  if (mode === 'on') subscribeConflictEvents(client, events.send);
  const runtime = createKitRuntime(client);
  return { client, runtime, events };
}

/** Someone else saves the status first; the bench's save of the assignee then meets 412 and merges. */
async function staleSave(setup: ReturnType<typeof saveSetup>, n: number, who: string): Promise<void> {
  const { client, runtime } = setup;
  const { value } = await client.read<Record<string, unknown>>(URL_T);
  const current = (await store.tickets.get('T-1001'))!;
  const other = await app.fetch(
    new Request(`http://bench.test${URL_T}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json', 'x-actor': 'other', 'if-match': `"T-1001:${current.version}"` },
      body: JSON.stringify({ status: n % 2 ? 'open' : 'in_progress' }),
    }),
  );
  if (!other.ok) throw new Error(`the other writer got ${other.status}`);
  const outcome = await runGuardedSave(
    {
      kit: { client, drafts: runtime.drafts, sessions: runtime.sessions },
      resolver: runtime.sessions.resolver,
      url: URL_T,
      key: client.keyFor(URL_T),
      method: 'PUT',
      merge: { text: ['/description'], ignore: ['/version', '/updatedAt', '/updatedBy'] },
      autoMerge: true,
      maxAttempts: 3,
      draftStorage: undefined,
    },
    { ...value, assignee: `${who}-${n}` },
  );
  if (outcome.outcome !== 'merged') throw new Error(`expected an auto-merge, got ${outcome.outcome}`);
}

/** One save per mode per step, alternating which goes first: both see the same load. */
async function saveSamples(): Promise<Record<Mode, number[]> & { events: number }> {
  const setups = { off: saveSetup('off'), on: saveSetup('on') };
  const samples: Record<Mode, number[]> = { off: [], on: [] };
  for (let i = -3; i < ROUNDS * SAVES; i++) {
    for (const mode of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const started = performance.now();
      await staleSave(setups[mode], i, mode);
      if (i >= 0) samples[mode].push(performance.now() - started);
    }
  }
  setups.on.events.flush();
  setups.off.events.flush();
  if (setups.off.events.delivered() !== 0) throw new Error('telemetry off sent events');
  return { ...samples, events: setups.on.events.delivered() };
}

// --- opening the merge dialog -------------------------------------------------------------------
const sides = wideRecord(20);
const container = document.createElement('div');
document.body.append(container);

function dialogKit(mode: Mode) {
  const events = sender();
  const client: Client = createConflictClient({ fetch: () => Promise.reject(new Error('offline')) });
  if (mode === 'on') subscribeConflictEvents(client, events.send);
  const runtime = createKitRuntime(client);
  return { kit: { ...runtime, resolver: runtime.sessions.resolver, autoMerge: true }, events };
}

async function openDialog(kit: ReturnType<typeof dialogKit>['kit'], id: string): Promise<number> {
  // A conflict of its own per dialog, as each real one is.
  const request = mergeRequest(sides, {}, { conflict: { kind: 'stale', status: 412, source: 'status', method: 'PUT', url: URL_T, conflictId: id } });
  const root = createRoot(container);
  const started = performance.now();
  await act(async () => {
    root.render(createElement(ConflictKitContext.Provider, { value: kit }, createElement(MergeDialog, { request, onResolve: () => {} })));
  });
  act(() => root.unmount());
  return performance.now() - started;
}

async function dialogSamples(): Promise<Record<Mode, number[]> & { events: number }> {
  const kits = { off: dialogKit('off'), on: dialogKit('on') };
  const samples: Record<Mode, number[]> = { off: [], on: [] };
  for (let i = -3; i < ROUNDS * DIALOGS; i++) {
    for (const mode of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const ms = await openDialog(kits[mode].kit, `bench-${mode}-${i}`);
      if (i >= 0) samples[mode].push(ms);
    }
  }
  kits.on.events.flush();
  kits.off.events.flush();
  if (kits.off.events.delivered() !== 0) throw new Error('telemetry off sent events');
  return { ...samples, events: kits.on.events.delivered() };
}

// --- the run --------------------------------------------------------------------------------------
async function measure(name: string, run: () => Promise<Record<Mode, number[]> & { events: number }>) {
  const samples = await run();
  if (samples.events === 0) throw new Error(`${name}: telemetry on sent nothing`);
  const off = median(samples.off);
  const on = median(samples.on);
  return { name, off, on, ratio: on / off };
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
process.stdout.write(`telemetry cost: medians of ${ROUNDS * SAVES} saves and ${ROUNDS * DIALOGS} dialog openings per mode, on and off alternating one by one\n\n`);
const results = [
  await measure('guarded save, stale → auto-merge → save (in-process server)', saveSamples),
  await measure('merge dialog open, 20-field record (jsdom)', dialogSamples),
];
const rows = [['case', 'telemetry off ms', 'telemetry on ms', 'ratio', 'target', 'result']];
for (const r of results) rows.push([r.name, fmt(r.off), fmt(r.on), `${r.ratio.toFixed(3)}×`, `≤ ${TARGET.toFixed(2)}×`, r.ratio <= TARGET ? 'pass' : 'FAIL']);
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
process.stdout.write(`${rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n')}\n`);
const failed = results.some((r) => r.ratio > TARGET);
process.stdout.write(`\n${failed ? 'FAIL: telemetry costs more than the target.' : 'Telemetry within the target.'}\n`);
process.exit(failed ? 1 : 0);
