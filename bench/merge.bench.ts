/**
 * Text merge benchmark: `mergeText` with each engine (the default JS one, and
 * JS + WebAssembly as `conflict-kit/wasm` registers it) against
 * `git merge-file -p --diff3` (spawned on temp files, as an app would have
 * to), measured in the same run; and the `diff3` / `node-diff3` packages (in
 * a worker with a time limit: they are O(N·M)). Targets: JS within 2× git's
 * time at every size, with WebAssembly within 1.5×.
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
import { setDiffEngine } from '../src/core/diff/engine';
import { mergeText } from '../src/core/mergeText';
import '../src/wasm/index';
import { prng } from '../test/support/prng';

const quick = process.argv.includes('--quick');
const SIZES = [1_000, 10_000, 100_000];
const DENSITIES = [0.01, 0.5];
const PACKAGE_LIMIT_MS = quick ? 5_000 : 15_000;
const runsFor = (lines: number): number => (quick ? 3 : lines >= 100_000 ? 9 : lines >= 10_000 ? 21 : 41);
/** The engines measured: the default, and the opt-in WebAssembly entry (registered above, used in `auto`). */
const ENGINES = [
  { name: 'JS', engine: 'js', target: 2 },
  { name: 'Wasm', engine: 'auto', target: 1.5 },
] as const;

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
 * Medians of `mergeText` with each engine (warm, in process) and of
 * `git merge-file` (spawned on temp files), run alternately so that all see
 * the same machine load.
 */
function timeAll(
  base: string,
  mine: string,
  theirs: string,
  dir: string,
  runs: number,
): { git: number; engines: number[]; clean: boolean[]; gitClean: boolean } {
  const clean = ENGINES.map(({ engine }) => {
    setDiffEngine(engine);
    mergeText(base, mine, theirs); // warm up
    return mergeText(base, mine, theirs).clean;
  });
  const git: number[] = [];
  const times: number[][] = ENGINES.map(() => []);
  let status: number | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('git', ['merge-file', '-p', '--diff3', 'mine', 'base', 'theirs'], { cwd: dir, maxBuffer: 1 << 30 });
    git.push(performance.now() - t0);
    status = r.status;
    ENGINES.forEach(({ engine }, e) => {
      setDiffEngine(engine);
      const t1 = performance.now();
      mergeText(base, mine, theirs);
      times[e]!.push(performance.now() - t1);
    });
  }
  setDiffEngine('auto');
  return { git: median(git), engines: times.map(median), clean, gitClean: status === 0 };
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
  const misses: string[] = [];
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

        const t = timeAll(base, mine, theirs, dir, runsFor(size));
        const d3 = await timePackage('diff3', base, mine, theirs);
        const nd3 = await timePackage('node-diff3', base, mine, theirs);
        const label = `${size / 1000}k @ ${Math.round(density * 100)}%`;
        const engineCells = ENGINES.flatMap(({ name, target }, e) => {
          const ratio = t.engines[e]! / t.git;
          if (ratio > target) misses.push(`${name} ${ratio.toFixed(2)}× at ${label} (target ${target}×)`);
          return [t.engines[e]!.toFixed(1), ratio.toFixed(2) + '×'];
        });
        const agree = t.clean.every((c) => c === t.gitClean);
        rows.push([label, t.git.toFixed(1), ...engineCells, d3, nd3, agree ? (t.gitClean ? 'clean' : 'conflicts') : 'DISAGREE']);
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

  const header = ['document', 'git ms', ...ENGINES.flatMap(({ name }) => [`${name} ms`, `${name}/git`]), 'diff3 ms', 'node-diff3 ms', 'outcome'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(
    `\nmergeText (JS engine; JS + WebAssembly with conflict-kit/wasm) vs git merge-file -p --diff3 (medians of alternating runs; git spawned on temp files)${quick ? ' [quick]' : ''}`,
  );
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  const targets = ENGINES.map(({ name, target }) => `${name} ≤ ${target}×`).join(', ');
  console.log(misses.length === 0 ? `\nwithin targets (${targets}) at every size` : `\nMISSED targets (${targets}): ${misses.join('; ')}`);
  console.log('\nheap growth holding one result (50% edits):');
  for (const m of memory) console.log(m);
}

await main();
