import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pgSuiteName, testPostgres } from '../support/testPostgres';
import { checkTelemetry, createJournal } from './chaosJournal';
import { commandArbitrary, formatReport, runChaos, sampleClusterCommands, sampleCommands, type ChaosRunOptions } from './chaosRun';
import type { Transport } from './chaosTarget';

const postgres = await testPostgres();

const CLIENTS = 8;

async function property(transport: Transport, runs: number, maxCommands: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.commands([commandArbitrary(CLIENTS)], { maxCommands, size: 'max' }), async (commands) => {
      const report = await runChaos({ transport, clients: CLIENTS }, commands);
      if (report.violations.length > 0) console.log(formatReport(report));
      expect(report.violations).toEqual([]);
    }),
    // Real time decides interleavings, so a failure may not replay: report it at once instead of shrinking.
    { numRuns: runs, endOnFailure: true },
  );
}

describe('eight concurrent clients with dropped responses, latency and offline periods lose nothing', () => {
  it('in-process over the memory store: no lost update, one resource per create intent, every edit saved, merged or discarded', async () => {
    await property('memory', 3, 160);
  }, 60_000);

  it('in-process over SQLite :memory:', async () => {
    await property('sqlite', 2, 160);
  }, 60_000);

  it('over HTTP against startServer on 127.0.0.1', async () => {
    await property('http', 1, 200);
  }, 60_000);
});

/** The checks must bite: each deliberate bug is caught. */
describe('the history checks catch deliberate bugs', () => {
  const broken = async (sabotage: NonNullable<ChaosRunOptions['sabotage']>): Promise<readonly string[]> => {
    const report = await runChaos({ transport: 'memory', clients: CLIENTS, sabotage }, sampleCommands(400, CLIENTS, 7));
    return report.violations;
  };

  it('reports a lost update when a client saves its draft over a newer version without merging', async () => {
    expect((await broken('blind-overwrite')).some((v) => v.startsWith('lost update'))).toBe(true);
  }, 60_000);

  it('reports lost edits when a merge silently takes theirs', async () => {
    expect((await broken('silent-theirs')).some((v) => v.startsWith('lost edit'))).toBe(true);
  }, 60_000);

  it('reports a duplicate create when a retry uses a new Idempotency-Key', async () => {
    expect((await broken('new-key-per-retry')).some((v) => v.startsWith('duplicate create'))).toBe(true);
  }, 60_000);

  it('reports a refused write with no detected event or with two, and a detected event the server never refused', () => {
    const journal = createJournal(1);
    const detected = (requestId: string) =>
      journal.clientEvents.push({ type: 'conflict.detected', at: 0, conflictId: requestId, kind: 'edit', resource: '/api/tickets/:id', requestId, reason: 'stale', status: 412, method: 'PUT' });
    journal.refusals.push({ client: 0, status: 412, requestId: 'req_a' }, { client: 0, status: 412, requestId: 'req_b' }, { client: 0, status: 409, requestId: 'req_c' });
    detected('req_a');
    detected('req_b');
    detected('req_b');
    detected('req_z');
    expect(checkTelemetry(journal)).toEqual([
      'telemetry: refused write req_b (412, client 0) has 2 conflict.detected events, not 1',
      'telemetry: refused write req_c (409, client 0) has 0 conflict.detected events, not 1',
      'telemetry: conflict.detected for req_z, which the server did not refuse',
    ]);
  });

  it('finds nothing wrong with the same commands and no sabotage', async () => {
    const report = await runChaos({ transport: 'memory', clients: CLIENTS }, sampleCommands(400, CLIENTS, 7));
    expect(report.violations).toEqual([]);
  }, 60_000);
});

describe.skipIf(!postgres.available)(pgSuiteName('three server instances on one PostgreSQL, one SIGKILLed and restarted mid-run', postgres), () => {
  const CLUSTER_CLIENTS = 6;
  const crash = { instance: 1, killAt: 0.35, restartAt: 0.6 };
  const cluster = async (ops: number, sabotage?: ChaosRunOptions['sabotage']) => {
    const databaseUrl = postgres.available ? await postgres.newDatabase() : '';
    return runChaos(
      { transport: 'cluster', clients: CLUSTER_CLIENTS, cluster: { databaseUrl, instances: 3 }, ...(sabotage ? { sabotage } : {}) },
      sampleClusterCommands(ops, CLUSTER_CLIENTS, 20261125, crash),
    );
  };

  it('loses no update, creates nothing twice, keeps every acknowledged write, and delivers every change to every client on every instance', async () => {
    const report = await cluster(240);
    console.log(formatReport(report));
    expect(report.violations).toEqual([]);
    expect(report.kills).toBe(1);
    expect(report.restarts).toBe(1);
    expect(report.journal.stats.faults.instanceDown).toBeGreaterThan(0);
    expect(report.streams.crossExpected).toBeGreaterThan(0);
    expect(report.streams.crossDelivered).toBe(report.streams.crossExpected);
    expect(report.streams.crossStaleMarks).toBeGreaterThan(0);
  }, 180_000);

  it('reports lost stale marks when clients reconnect without Last-Event-ID (the check bites)', async () => {
    const report = await cluster(120, 'reconnect-without-last-event-id');
    expect(report.violations.some((v) => v.startsWith('stale mark lost'))).toBe(true);
  }, 180_000);
});
