/**
 * UI budgets in real Chromium (Debian's, through Playwright), on a
 * production build of bench/ui:
 *
 * - the merge dialog for a 10,000-line document and for a 1,000-field
 *   record becomes interactive within 100 ms: from just before
 *   `root.render` until the first conflict's first choice has the focus and
 *   a click on it has been handled and committed (median of the runs);
 * - marking one record stale among 1,000 mounted subscribers re-renders
 *   exactly that record's row, nothing else.
 *
 * Each number is printed with a baseline measured in the same run: a plain
 * <textarea> holding the same 10,000 lines, a bare list of 1,000 inputs, and
 * a naive whole-registry subscription. Exits non-zero when a budget is
 * missed; then (or with --profile) prints where the dialog's time goes.
 *
 *   npx tsx bench/ui.bench.ts            9 measured runs per case
 *   npx tsx bench/ui.bench.ts --quick    5 runs
 *   npx tsx bench/ui.bench.ts --profile  also print a CPU profile of each dialog case
 *   npx tsx bench/ui.bench.ts --budget=5 a budget that must fail (checks the failure path)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../scripts/chromium';
import type { MergeCase, MergeTiming, MergeVariant, StalenessTiming, UiBench } from './ui/main';

const quick = process.argv.includes('--quick');
const alwaysProfile = process.argv.includes('--profile');
const RUNS = quick ? 5 : 9;
const WARMUP = 2;
// --budget=N overrides the budget, to check that a miss fails the run and prints a profile.
const BUDGET_MS = Number(process.argv.find((arg) => arg.startsWith('--budget='))?.slice('--budget='.length) ?? 100);
const ROWS = 1_000;
const CHANGES = quick ? 10 : 20;

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(here, '../.cache/bench-ui');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A static server for the built page on 127.0.0.1 (ES modules do not load from file://). */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const call = <K extends keyof UiBench>(page: Page, method: K, ...args: Parameters<UiBench[K]>): Promise<Awaited<ReturnType<UiBench[K]>>> =>
  page.evaluate(
    ([m, a]) => (window.uiBench[m as K] as (...xs: unknown[]) => unknown)(...(a as unknown[])),
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<UiBench[K]>>>;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function over one dialog run, top entries, from a CDP CPU profile. */
async function profileDialog(page: Page, kind: MergeCase): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const timing = await call(page, 'merge', kind, 'dialog');
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const name = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return [
    `  CPU profile of one ${kind} dialog run, render start to every row rendered (interactive at ${fmt(timing.interactive)} ms; commit ${fmt(timing.commit)} ms, paint ${fmt(timing.paint)} ms), ${fmt(total)} ms sampled:`,
    ...top.map(([name, ms]) => `    ${fmt(ms).padStart(7)} ms  ${name}`),
  ].join('\n');
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  process.stdout.write('Building bench/ui …\n');
  // 'error': the "use client" directive warnings of a browser bundle are noise here.
  await build({ configFile: resolve(here, 'ui/vite.config.ts'), logLevel: 'error' });
  const server = await serve(outDir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  let failed = false;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => window.uiBenchReady === true);
    const info = await call(page, 'prepare');
    process.stdout.write(
      `Chromium ${browser.version()}; ${RUNS} runs per case after ${WARMUP} warm-ups.\n` +
        `10,000-line document: ${info.documentConflicts} conflicting hunks (building the request with mergeRecords: median ${fmt(info.mergeMs.document)} ms, before render, not counted); ` +
        `1,000-field record: ${info.recordConflicts} conflicts (mergeRecords: median ${fmt(info.mergeMs.record)} ms, not counted).\n\n`,
    );

    // Merge dialog: dialog and baseline alternate so both see the same load.
    const rows: string[][] = [['case', 'median ms', 'commit', 'paint', 'all rows', 'long task', 'budget', 'result', 'baseline', 'baseline ms', 'ratio']];
    const missed: MergeCase[] = [];
    for (const kind of ['document', 'record'] as const) {
      const samples: Record<MergeVariant, MergeTiming[]> = { dialog: [], baseline: [] };
      for (let i = 0; i < WARMUP + RUNS; i += 1) {
        for (const variant of i % 2 ? (['baseline', 'dialog'] as const) : (['dialog', 'baseline'] as const)) {
          const timing = await call(page, 'merge', kind, variant);
          if (i >= WARMUP) samples[variant].push(timing);
        }
      }
      const med = (variant: MergeVariant, field: keyof MergeTiming): number => median(samples[variant].map((t) => t[field]));
      const dialog = med('dialog', 'interactive');
      const baseline = med('baseline', 'interactive');
      const pass = dialog <= BUDGET_MS;
      if (!pass) missed.push(kind);
      rows.push([
        kind === 'document' ? 'merge dialog, 10,000-line document' : 'merge dialog, 1,000-field record',
        fmt(dialog),
        fmt(med('dialog', 'commit')),
        fmt(med('dialog', 'paint')),
        fmt(med('dialog', 'complete')),
        fmt(Math.max(...samples.dialog.map((t) => t.longestTask))),
        `≤ ${BUDGET_MS}`,
        pass ? 'pass' : 'FAIL',
        kind === 'document' ? '<textarea>, same 10,000 lines' : '1,000 bare <input>s',
        fmt(baseline),
        `${(dialog / baseline).toFixed(2)}×`,
      ]);
    }

    // Staleness fan-out: one change among 1,000 mounted subscribers.
    const fanout: Record<'kit' | 'naive', StalenessTiming[]> = { kit: [], naive: [] };
    for (const variant of ['kit', 'naive'] as const) {
      await call(page, 'mountStaleness', variant, ROWS);
      for (let i = 0; i < CHANGES; i += 1) {
        const timing = await call(page, 'changeOne', (i * 379 + 17) % ROWS);
        if (i >= WARMUP) fanout[variant].push(timing);
      }
      await call(page, 'unmountStaleness');
    }
    const kitRenders = fanout.kit.map((t) => t.rowRenders);
    const exactlyOne = fanout.kit.every((t) => t.rowRenders === 1 && t.changedRowRendered && t.listRenders === 0);
    const kitMs = median(fanout.kit.map((t) => t.ms));
    const naiveMs = median(fanout.naive.map((t) => t.ms));
    rows.push([
      `stale: 1 of ${ROWS.toLocaleString('en')} records (re-renders)`,
      `${Math.max(...kitRenders)} row`,
      '',
      '',
      '',
      '',
      '= 1 row',
      exactlyOne ? 'pass' : 'FAIL',
      'whole-registry subscription',
      `${median(fanout.naive.map((t) => t.rowRenders))} rows`,
      '',
    ]);
    rows.push(['stale: 1 of 1,000 records (ms to commit)', fmt(kitMs), '', '', '', '', '', '', 'whole-registry subscription', fmt(naiveMs), `${(kitMs / naiveMs).toFixed(2)}×`]);
    if (!exactlyOne) {
      failed = true;
      process.stdout.write(`Re-renders per change: ${JSON.stringify(fanout.kit.map((t) => ({ rows: t.rowRenders, own: t.changedRowRendered, list: t.listRenders })))}\n`);
    }

    process.stdout.write(`${table(rows)}\n\n`);
    process.stdout.write(
      'median ms: render start → first conflict focused and a click on it committed (the budget); commit / paint: first commit and the\n' +
        'frame after it; all rows: every conflict rendered (chunks after first paint); long task: longest main-thread task in any run (0: none ≥ 50 ms).\n',
    );
    if (missed.length > 0) failed = true;
    for (const kind of alwaysProfile ? (['document', 'record'] as const) : missed) {
      process.stdout.write(`\n${await profileDialog(page, kind)}\n`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const summary = failed ? 'FAIL: a UI budget was missed.' : 'All UI budgets met.';
  process.stdout.write(`\n${summary}\n`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
