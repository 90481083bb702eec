import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './main';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noApp = join(dir, 'no-app-here');

describe('startServer', () => {
  it('logs one JSON line per refused write with request id, trace id, status, reason and route, and serves /metrics', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: noApp, log: false, logger: pino(sink) });
    try {
      const trace = '0af7651916cd43dd8448eb211c80319c';
      const res = await fetch(`${server.url}/api/tickets/T-1001`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"T-1001:1"', traceparent: `00-${trace}-b7ad6b7169203331-01`, 'X-Request-Id': 'req_log_1' },
        body: '{"title":"x"}',
      });
      expect(res.status).toBe(412);
      await fetch(`${server.url}/api/tickets/T-1001`);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        level: 40,
        msg: 'write refused',
        requestId: 'req_log_1',
        traceId: trace,
        status: 412,
        reason: 'version_mismatch',
        method: 'PATCH',
        route: '/api/tickets/:id',
      });
      const metrics = await fetch(`${server.url}/metrics`);
      expect(await metrics.text()).toContain('conflict_kit_server_outcomes_total{method="PATCH",outcome="precondition_failed",route="/api/tickets/:id"} 1');
    } finally {
      await server.close();
    }
  });

  it('serves the API over HTTP: GET with ETag, conditional GET 304, then stops cleanly', async () => {
    const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: noApp, log: false });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/tickets/T-1001`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toBe('"T-1001:3"');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ id: 'T-1001', version: 3 });

    const again = await fetch(`${server.url}/api/tickets/T-1001`, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const home = await fetch(`${server.url}/`);
    expect(await home.text()).toContain('conflict-kit demo API');

    await server.close();
    await expect(fetch(`${server.url}/api/tickets`)).rejects.toThrow();
  });

  it('streams change events over HTTP and drops the subscription when the client leaves', async () => {
    const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: noApp, log: false });
    try {
      const controller = new AbortController();
      const res = await fetch(`${server.url}/api/events`, { signal: controller.signal });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value);
      expect(server.hub.streams).toBe(1);
      await fetch(`${server.url}/api/tickets/T-1002`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"T-1002:5"', 'X-Actor': 'sam.okafor' },
        body: JSON.stringify({ status: 'resolved' }),
      });
      while (!text.includes('event: change')) text += decoder.decode((await reader.read()).value);
      expect(text).toContain('"id":"T-1002","etag":"\\"T-1002:6\\"","version":6,"actor":"sam.okafor"');
      controller.abort();
      await expect.poll(() => server.hub.streams).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('with faults on, destroys the socket after the commit; the retry with the same key gets the same order', async () => {
    const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: noApp, faults: true, log: false });
    try {
      const order = JSON.stringify({ externalId: 'shop-2026-55555', items: [{ sku: 'A-1', quantity: 3 }] });
      const send = (extra: Record<string, string>) =>
        fetch(`${server.url}/api/orders`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '"reload-safe-1"', ...extra },
          body: order,
        });
      // Committed, but the client only sees a dead connection.
      await expect(send({ 'X-Fault': 'drop-response-after-commit' })).rejects.toThrow(TypeError);
      const stored = (await server.store.orders.list()).filter((o) => o.externalId === 'shop-2026-55555');
      expect(stored).toHaveLength(1);

      const retry = await send({});
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toMatchObject({ id: stored[0]?.id, state: 'placed' });
      expect((await server.store.orders.list()).filter((o) => o.externalId === 'shop-2026-55555')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('serves the built demo app with SPA fallback next to the API', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>demo app</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const server = await startServer({ port: 0, dbPath: ':memory:', staticDir: dist, log: false });
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toContain('demo app');
      const deepLink = await fetch(`${server.url}/tickets/T-1001`);
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain('demo app');
      const asset = await fetch(`${server.url}/assets/app.js`);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
      const api = await fetch(`${server.url}/api/nothing-here`);
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toBe('application/problem+json');
      expect((await fetch(`${server.url}/api/tickets`)).headers.get('content-type')).toMatch(/json/);
    } finally {
      await server.close();
    }
  });

  it('starts from the command line (tsx demo/server/main.ts), prints its URL and stops on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['demo/server/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', DB_PATH: ':memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${out}`)));
      });
      expect((await fetch(`${url}/api/orders/O-1003`)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 15_000);
});
