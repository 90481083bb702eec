/**
 * Starting and stopping real servers for the real-server tests: free ports
 * on 127.0.0.1, readiness by polling, and cleanup by process id only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where scripts/realServers/install.sh puts the npm-installed servers. */
export const REAL_SERVERS_DIR = process.env['REAL_SERVERS_DIR'] ?? join(ROOT, '.cache', 'real-servers');

/** The pinned versions (Node 20: azurite ≥ 3.36 needs Node ≥ 21). */
export const PINNED = { 'pouchdb-server': '4.2.0', azurite: '3.35.0' } as const;

/** A running server process. */
export interface RealServer {
  readonly url: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh temporary directory for one server's files. */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `conflict-kit-${name}-`));
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode} before answering.\n${log()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, Math.min(50 * (attempt + 1), 250)));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms.\n${log()}`);
}

/** Spawns a server, keeps the last of its output for error messages, and stops it by its pid. */
export function spawnServer(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): { child: ChildProcess; log: () => string; stop: () => Promise<void> } {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, log: () => output, stop };
}

/** Why an npm-installed peer is missing, or `undefined` when it is installed. */
export function npmPeerMissing(name: keyof typeof PINNED, entry: string): string | undefined {
  if (existsSync(join(REAL_SERVERS_DIR, 'node_modules', name, entry))) return undefined;
  return `${name}@${PINNED[name]} not installed in ${REAL_SERVERS_DIR}: run bash scripts/realServers/install.sh (it is part of .ci/run)`;
}

/** Removes a temporary directory, ignoring what is already gone. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Waits until every URL answers, then hands back how to stop the server and
 * remove its folder; if it never answers, cleans up the same way and rethrows.
 */
export async function whenReady(
  server: ReturnType<typeof spawnServer>,
  dir: string,
  readyUrls: readonly string[],
  timeoutMs: number,
): Promise<() => Promise<void>> {
  const stop = async (): Promise<void> => {
    await server.stop();
    removeDir(dir);
  };
  try {
    for (const url of readyUrls) await waitForHttp(url, server.child, timeoutMs, server.log);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
