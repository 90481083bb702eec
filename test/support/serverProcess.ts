/**
 * The reference server as its own process (`demo/server/main.ts`), for runs
 * that need several instances or must kill one: the chaos run's cluster and
 * the server benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Sends `signal` (SIGTERM: a clean stop; SIGKILL: a crash) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `demo/server/main.ts` with `env` on `port` (0: a free one) and
 * resolves once it prints the URL it listens on.
 */
export function startServerProcess(env: Record<string, string>, port = 0, timeoutMs = 60_000): Promise<ServerProcess> {
  // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the server
  // in a child process, which a SIGKILL of the CLI would leave running.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LATENCY_MS: '0', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_000);
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const url = match[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        pid: child.pid as number,
        exited,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${String(code ?? signal)}) before listening:\n${log}`));
    });
  });
}
