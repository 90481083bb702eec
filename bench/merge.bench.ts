/**
 * Text merge benchmark: `mergeText` against `git merge-file -p --diff3`
 * (spawned on temp files, as an app would have to) and the `diff3` /
 * `node-diff3` packages (in a worker with a time limit: they are O(N·M)).
 *
 *   npx tsx bench/merge.bench.ts            full run
 *   npx tsx bench/merge.bench.ts --quick    fewer runs, shorter limits
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { mergeText } from '../src/core/mergeText';
import { prng } from '../test/support/prng';

const quick = process.argv.includes('--quick');
const SIZES = [1_000, 10_000, 100_000];
const DENSITIES = [0.01, 0.5];
const PACKAGE_LIMIT_MS = quick ? 5_000 : 15_000;
const runsFor = (lines: number): { ours: number; git: number } =>
  quick ? { ours: 3, git: 3 } : lines >= 100_000 ? { ours: 9, git: 9 } : lines >= 10_000 ? { ours: 21, git: 21 } : { ours: 41, git: 41 };

// A real gc lets the heap delta show the result's own size.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const WORDS = ['value', 'result', 'user', 'items', 'count', 'config', 'node', 'index', 'state', 'error'];

/** A code-like line; blank lines, braces and a few stock statements repeat a lot. */
function makeLine(rnd: () => number): string {
  const r = rnd();
  const indent = '  '.repeat(Math.floor(rnd() * 4));
  if (r < 0.12) return '';
  if (r < 0.2) return indent + '}';
  if (r < 0.24) return indent + 'return result;';
  if (r < 0.26) return indent + '/**';
  if (r < 0.28) return indent + ' */';
  if (r < 0.3) return indent + 'break;';
  const w = WORDS[Math.floor(rnd() * WORDS.length)]!;
  return `${indent}const ${w}${Math.floor(rnd() * 100_000)} = compute(${w}, ${Math.floor(rnd() * 1000)});`;
}

/** Each line is edited with probability `density`: replaced, deleted, or followed by a new line. */
function edit(lines: readonly string[], density: number, rnd: () => number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (rnd() >= density) {
      out.push(line);
      continue;
    }
    const r = rnd();
    if (r < 0.4) out.push(makeLine(rnd));
    else if (r < 0.7) continue;
    else out.push(line, makeLine(rnd));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * Medians of `mergeText` (warm, in process) and of `git merge-file` (spawned
 * on temp files), run alternately so that both see the same machine load.
 */
function timeBoth(
  base: string,
  mine: string,
  theirs: string,
  dir: string,
  runs: { ours: number; git: number },
): { ours: number; git: number; oursClean: boolean; gitClean: boolean } {
  let oursClean = false;
  for (let i = 0; i < 2; i++) oursClean = mergeText(base, mine, theirs).clean; // warm up
  const ours: number[] = [];
  const git: number[] = [];
  let status: number | null = null;
  for (let i = 0; i < Math.max(runs.ours, runs.git); i++) {
    if (i < runs.git) {
      const t0 = performance.now();
      const r = spawnSync('git', ['merge-file', '-p', '--diff3', 'mine', 'base', 'theirs'], { cwd: dir, maxBuffer: 1 << 30 });
      git.push(performance.now() - t0);
      status = r.status;
    }
    if (i < runs.ours) {
      const t0 = performance.now();
      mergeText(base, mine, theirs);
      ours.push(performance.now() - t0);
    }
  }
  return { ours: median(ours), git: median(git), oursClean, gitClean: status === 0 };
}

/** Heap growth while a result is alive, after collecting garbage. */
function heapDelta(base: string, mine: string, theirs: string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = mergeText(base, mine, theirs);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (result.hunks.length < 0) console.log(result.text); // keep it alive
  return after - before;
}

// Runs in a worker: loads the packages through require (diff3 0.0.4 breaks
// as bundled ESM: "ed is not defined"), merges once, posts the time.
const WORKER = `
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
const require = createRequire(workerData.from);
const { base, mine, theirs, pkg } = workerData;
try {
  const o = base.split('\\n'), a = mine.split('\\n'), b = theirs.split('\\n');
  const t0 = performance.now();
  if (pkg === 'diff3') require('diff3')(a, o, b);
  else require('node-diff3').diff3Merge(a, o, b);
  parentPort.postMessage({ ms: performance.now() - t0 });
} catch (e) {
  parentPort.postMessage({ error: String(e) });
}
`;

function timePackage(pkg: string, base: string, mine: string, theirs: string): Promise<string> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('data:text/javascript,' + encodeURIComponent(WORKER)), {
      workerData: { from: import.meta.url, base, mine, theirs, pkg },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(`timeout >${PACKAGE_LIMIT_MS / 1000}s`);
    }, PACKAGE_LIMIT_MS);
    worker.once('message', (m: { ms?: number; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m.ms !== undefined ? m.ms.toFixed(1) : `error: ${m.error ?? '?'}`.slice(0, 40));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve(`error: ${String(e)}`.slice(0, 40));
    });
  });
}

const pad = (s: string, n: number): string => s.padStart(n);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'merge-bench-'));
  const rows: string[][] = [];
  const memory: string[] = [];
  try {
    for (const size of SIZES) {
      for (const density of DENSITIES) {
        const rnd = prng(size * 31 + Math.round(density * 1000));
        const baseLines = Array.from({ length: size }, () => makeLine(rnd));
        // Joined whole (flat strings), as text read from a file or a response is.
        const text = (lines: readonly string[]): string => lines.map((l) => l + '\n').join('');
        const base = text(baseLines);
        const mine = text(edit(baseLines, density, rnd));
        const theirs = text(edit(baseLines, density, rnd));
        writeFileSync(join(dir, 'base'), base);
        writeFileSync(join(dir, 'mine'), mine);
        writeFileSync(join(dir, 'theirs'), theirs);

        const runs = runsFor(size);
        const t = timeBoth(base, mine, theirs, dir, runs);
        const d3 = await timePackage('diff3', base, mine, theirs);
        const nd3 = await timePackage('node-diff3', base, mine, theirs);
        const label = `${size / 1000}k @ ${Math.round(density * 100)}%`;
        rows.push([
          label,
          t.ours.toFixed(1),
          t.git.toFixed(1),
          (t.ours / t.git).toFixed(2) + '×',
          d3,
          nd3,
          t.oursClean === t.gitClean ? (t.oursClean ? 'clean' : 'conflicts') : 'DISAGREE',
        ]);
        if (density === DENSITIES[DENSITIES.length - 1]) {
          const delta = heapDelta(base, mine, theirs);
          const inputBytes = base.length + mine.length + theirs.length;
          memory.push(
            `${pad(`${size / 1000}k`, 5)}  heap Δ ${pad((delta / 1048576).toFixed(1), 6)} MB  (${(delta / inputBytes).toFixed(2)} bytes per input char)`,
          );
        }
        console.error(`done ${label}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const header = ['document', 'mergeText ms', 'git ms', 'ratio', 'diff3 ms', 'node-diff3 ms', 'outcome'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\nmergeText vs git merge-file -p --diff3 (medians of alternating runs; git spawned on temp files)${quick ? ' [quick]' : ''}`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log('\nheap growth holding one result (50% edits):');
  for (const m of memory) console.log(m);
}

await main();
