import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pgSuiteName, testPostgres } from '../../test/support/testPostgres';
import { startServer, type RunningServer } from './main';
import { sseReader } from './testStreams';

const postgres = await testPostgres();
const noApp = '/nonexistent-demo-app';
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: noApp, log: false, ...options });
  running.push(server);
  return server;
}

function patch(server: RunningServer, id: string, version: number, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/tickets/${id}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${id}:${version}"`, 'X-Actor': 'ana' },
    body: JSON.stringify(body),
  });
}

/** GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the server over HTTP', () => {
  it('refuses requests for a host name it does not serve (DNS rebinding), and serves its own', async () => {
    const server = await start();
    expect(await getWithHost(`${server.url}/api/tickets/T-1001`, 'attacker.example:4173')).toBe(403);
    expect(await getWithHost(`${server.url}/api/tickets/T-1001`, `localhost:${server.port}`)).toBe(200);
    const named = await start({ allowedHosts: ['tickets.example.com'] });
    expect(await getWithHost(`${named.url}/api/tickets/T-1001`, 'tickets.example.com')).toBe(200);
  });

  it('caps event streams per client address', async () => {
    const server = await start({ maxEventStreamsPerClient: 2 });
    const controller = new AbortController();
    const open = () => fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect((await open()).status).toBe(200);
    expect((await open()).status).toBe(200);
    const third = await open();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    controller.abort();
    await expect.poll(() => server.hub.streams).toBe(0);
  });
});

describe.skipIf(!postgres.available)(pgSuiteName('instances sharing one PostgreSQL database (DATABASE_URL)', postgres), () => {
  it("deliver every instance's writes to every instance's event streams, and a client resumes on another instance", async () => {
    const databaseUrl = postgres.available ? await postgres.newDatabase() : '';
    const [a, b] = await Promise.all([start({ databaseUrl }), start({ databaseUrl })]);
    const onB = sseReader((await fetch(`${b!.url}/api/events`)).body!);
    const ready = await onB.next();
    expect(ready.event).toBe('ready');

    expect((await patch(a!, 'T-1004', 1, { status: 'closed' })).status).toBe(200);
    const change = await onB.nextOf('change');
    expect(change.data).toMatchObject({ resource: 'tickets', id: 'T-1004', etag: '"T-1004:2"', version: 2, actor: 'ana' });
    expect(Number(change.id)).toBeGreaterThan(Number(ready.id));
    await onB.cancel();

    // B's client lost its connection; meanwhile B saves twice. It reconnects to A.
    expect((await patch(b!, 'T-1004', 2, { status: 'open' })).status).toBe(200);
    expect((await patch(b!, 'T-1004', 3, { title: 'Reopened' })).status).toBe(200);
    const onA = sseReader((await fetch(`${a!.url}/api/events`, { headers: { 'Last-Event-ID': change.id ?? '' } })).body!);
    expect((await onA.next()).data).toMatchObject({ resumed: true });
    const missed = [await onA.nextOf('change'), await onA.nextOf('change')];
    expect(missed.map((frame) => (frame.data as { version: number }).version)).toEqual([3, 4]);
    expect(missed.map((frame) => Number(frame.id))).toEqual([Number(change.id) + 1, Number(change.id) + 2]);
    await onA.cancel();
  });

  it('keeps one winner per version and one order per external id across instances', async () => {
    const databaseUrl = postgres.available ? await postgres.newDatabase() : '';
    const servers = await Promise.all([start({ databaseUrl }), start({ databaseUrl }), start({ databaseUrl })]);
    const saves = await Promise.all(servers.map((server, i) => patch(server, 'T-1001', 3, { title: `writer ${i}` })));
    expect(saves.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    const orders = await Promise.all(
      servers.map((server, i) =>
        fetch(`${server.url}/api/orders`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `"k-${i}"` },
          body: JSON.stringify({ externalId: 'one-per-id', items: [{ sku: 'A', quantity: 1 }] }),
        }),
      ),
    );
    expect(orders.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    // The same key on another instance replays the first answer.
    const retry = await fetch(`${servers[2]!.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '"k-0"' },
      body: JSON.stringify({ externalId: 'one-per-id', items: [{ sku: 'A', quantity: 1 }] }),
    });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.status).toBe(orders[0]!.status);
  });
});
