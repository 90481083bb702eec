/**
 * A throwaway PostgreSQL cluster for tests, the chaos run and the server
 * benchmark: `initdb` into a temporary folder, `pg_ctl start` on a free port
 * of 127.0.0.1 as an unprivileged user, and everything removed on `stop()`
 * (or when the process exits). Debian's `postgresql` package provides the
 * binaries; `initdb` and `postgres` refuse to run as root, so as root they
 * run as the `postgres` user through `runuser`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../realServers/realServer';

/** Options for {@link startThrowawayPostgres}. */
export interface ThrowawayPostgresOptions {
  /**
   * Port on 127.0.0.1.
   * @default the first free one of process.env.CONFLICT_KIT_PG_PORTS (`55432-55439`), else one the system picks
   */
  readonly port?: number;
  /**
   * Flush to disk as a production server does; off makes tests faster and
   * loses nothing a test needs (the cluster dies with the test run).
   * @default false
   */
  readonly durable?: boolean;
  /**
   * Most client connections.
   * @default 200
   */
  readonly maxConnections?: number;
}

/** A running throwaway cluster. */
export interface ThrowawayPostgres {
  /** URL of the `postgres` database as the `postgres` superuser. */
  readonly url: string;
  readonly port: number;
  /** The temporary folder (data, socket, log), removed by `stop()`. */
  readonly dir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the cluster and removes its folder. */
  stop(): Promise<void>;
}

/** Where the binaries are and how to run them, or why they cannot run here. */
export type PostgresSetup =
  | { readonly ok: true; readonly bin: string; readonly runAs: readonly string[]; readonly user: { uid: number; gid: number } | undefined }
  | { readonly ok: false; readonly reason: string };

function versionDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => join(root, name, 'bin'));
}

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Finds initdb/pg_ctl and the user to run them as. */
export function findPostgres(): PostgresSetup {
  const candidates = [process.env['PG_BIN'], ...versionDirs()].filter((dir): dir is string => Boolean(dir));
  let bin = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!bin) {
    const initdb = onPath('initdb');
    if (initdb && onPath('pg_ctl')) bin = initdb.slice(0, initdb.lastIndexOf('/'));
  }
  if (!bin) {
    return { ok: false, reason: 'PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH; apt-get install postgresql)' };
  }
  if (process.getuid?.() !== 0) return { ok: true, bin, runAs: [], user: undefined };
  const runuser = onPath('runuser');
  if (!runuser) return { ok: false, reason: 'running as root, and runuser is missing to start PostgreSQL as an unprivileged user' };
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    return { ok: false, reason: 'running as root, and there is no "postgres" user to run initdb and postgres as (they refuse root)' };
  }
  return { ok: true, bin, runAs: [runuser, '-u', 'postgres', '--'], user: { uid: Number(uid.stdout), gid: Number(gid.stdout) } };
}

function run(setup: Extract<PostgresSetup, { ok: true }>, tool: string, args: readonly string[]): void {
  const [command, ...prefix] = [...setup.runAs, join(setup.bin, tool)];
  execFileSync(command as string, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function describeFailure(error: unknown, log: string): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  return [message, stderr, tail].filter(Boolean).join('\n');
}

/** Starts a cluster; throws with the reason when it cannot. */
export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const setup = findPostgres();
  if (!setup.ok) throw new Error(setup.reason);
  const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-pg-'));
  if (setup.user) chownSync(dir, setup.user.uid, setup.user.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  let stopped = false;
  const stopNow = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run(setup, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (never started, or already gone): only the folder is left.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  try {
    run(setup, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    stopNow();
    throw new Error(`initdb failed: ${describeFailure(error, log)}`);
  }
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-k ${dir}`,
    `-c max_connections=${options.maxConnections ?? 200}`,
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const range = /^(\d+)-(\d+)$/.exec(process.env['CONFLICT_KIT_PG_PORTS'] ?? '');
  const allowed =
    options.port !== undefined
      ? [options.port]
      : range
        ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
        : undefined;
  let port = 0;
  let lastError = '';
  // A free port can be taken between the probe and the start: try another.
  for (let attempt = 0; attempt < (allowed?.length ?? 3) && port === 0; attempt++) {
    const candidate = allowed?.[attempt] ?? (await freePort());
    try {
      run(setup, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', [`-p ${candidate}`, ...settings].join(' '), 'start']);
      port = candidate;
    } catch (error) {
      lastError = describeFailure(error, log);
    }
  }
  if (port === 0) {
    stopNow();
    throw new Error(`pg_ctl start failed: ${lastError}`);
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    port,
    dir,
    async createDatabase(name = `ck_${process.pid}_${++databases}_${Date.now().toString(36)}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`createDatabase: ${JSON.stringify(name)} is not a plain database name.`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
