/**
 * Compares mergeText with `git merge-file -p` on edits of real text found on
 * the machine (licenses, package docs), in the three conflict styles, with
 * the Myers search in JS and in WebAssembly; and on a few large, heavily
 * edited generated documents, where xdiff's cost heuristics decide.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prng } from '../../test/support/prng';
import '../wasm/index';
import { setDiffEngine } from './diff/engine';
import { type ConflictStyle, mergeText } from './mergeText';

const CASES = 300;
// About 1 s per style on an idle machine; spawning git 300 times takes over
// 30 s on a loaded 2-core one.
const TIMEOUT_MS = 90_000;
const hasGit = spawnSync('git', ['--version']).status === 0;

/** Text sources in a fixed order; generated text when the machine has none. */
function sources(): string[] {
  const files: string[] = [];
  const licenses = '/usr/share/common-licenses';
  if (existsSync(licenses)) for (const f of readdirSync(licenses).sort()) files.push(join(licenses, f));
  const modules = join(import.meta.dirname, '..', '..', 'node_modules');
  if (existsSync(modules)) {
    for (const name of readdirSync(modules).sort().slice(0, 200)) files.push(join(modules, name, 'README.md'));
  }
  const texts = files
    .filter((f) => existsSync(f) && statSync(f).isFile() && statSync(f).size < 400_000)
    .map((f) => readFileSync(f, 'utf8'))
    .filter((t) => t.split('\n').length >= 30 && !t.includes('\0'));
  if (texts.length >= 5) return texts;
  const rnd = prng(7);
  return Array.from({ length: 10 }, () =>
    Array.from({ length: 300 }, () => (rnd() < 0.2 ? '' : rnd() < 0.1 ? '}' : `line ${Math.floor(rnd() * 200)}`)).join('\n'),
  );
}

/** Random inserts, deletes and edits, often near `focus` so both sides collide. */
function edit(lines: readonly string[], pool: readonly string[], rnd: () => number, focus: number): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(rnd() * 6);
  for (let e = 0; e < edits; e++) {
    const near = rnd() < 0.5;
    const at = Math.min(out.length, Math.max(0, near ? focus + Math.floor(rnd() * 7) - 3 : Math.floor(rnd() * (out.length + 1))));
    const line = pool[Math.floor(rnd() * pool.length)]!;
    const op = rnd();
    if (op < 0.35) out.splice(at, 0, line);
    else if (op < 0.6) out.splice(at, 1 + Math.floor(rnd() * 3));
    else if (at < out.length) {
      // Edit a word of the line, or replace it.
      const words = out[at]!.split(' ');
      if (rnd() < 0.5 && words.length > 2) {
        words[Math.floor(rnd() * words.length)] = line.split(' ')[0] ?? 'x';
        out[at] = words.join(' ');
      } else out[at] = line;
    }
  }
  return out;
}

interface Case {
  base: string;
  mine: string;
  theirs: string;
}

function makeCases(): Case[] {
  const texts = sources();
  const rnd = prng(20261125);
  const cases: Case[] = [];
  for (let c = 0; c < CASES; c++) {
    const all = texts[Math.floor(rnd() * texts.length)]!.replace(/\r\n/g, '\n').split('\n');
    const len = 10 + Math.floor(rnd() * 150);
    const from = Math.floor(rnd() * Math.max(1, all.length - len));
    const lines = all.slice(from, from + len);
    const pool = all.filter((l) => l.length < 80);
    const focus = Math.floor(rnd() * lines.length);
    const eol = rnd() < 0.15 ? '\r\n' : '\n';
    const join = (ls: string[]): string => ls.join(eol) + (rnd() < 0.85 && ls.length > 0 ? eol : '');
    cases.push({ base: join(lines), mine: join(edit(lines, pool, rnd, focus)), theirs: join(edit(lines, pool, rnd, focus)) });
  }
  return cases;
}

const dir = mkdtempSync(join(tmpdir(), 'merge-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gitMerge({ base, mine, theirs }: Case, style: ConflictStyle): { text: string; conflicts: number } {
  writeFileSync(join(dir, 'base'), base);
  writeFileSync(join(dir, 'mine'), mine);
  writeFileSync(join(dir, 'theirs'), theirs);
  const args = ['merge-file', '-p', '-L', 'mine', '-L', 'base', '-L', 'theirs'];
  if (style !== 'merge') args.push(`--${style}`);
  const r = spawnSync('git', [...args, 'mine', 'base', 'theirs'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status === null || r.status < 0) throw new Error(`git merge-file failed: ${r.stderr}`);
  return { text: r.stdout, conflicts: r.status };
}

describe.skipIf(!hasGit)('mergeText against git merge-file on a corpus of real text', () => {
  const cases = makeCases();

  it.each(['diff3', 'zdiff3', 'merge'] as const)('agrees with `git merge-file -p` (%s style) on clean/conflict and on the output', (style) => {
    let agree = 0;
    let gitClean = 0;
    let sameClean = 0;
    let sameOutput = 0;
    const mismatches: number[] = [];
    const wasmMismatches: number[] = [];
    cases.forEach((c, i) => {
      const git = gitMerge(c, style);
      const ours = withEngine('js', () => mergeText(c.base, c.mine, c.theirs, { conflictStyle: style }));
      if ((git.conflicts === 0) === ours.clean) agree++;
      if (git.conflicts === 0) {
        gitClean++;
        if (ours.clean && ours.text === git.text) sameClean++;
      }
      // git's exit status is the number of conflicts (capped at 127).
      if (ours.text === git.text && Math.min(ours.conflicts, 127) === git.conflicts) sameOutput++;
      else mismatches.push(i);
      const wasm = withEngine('wasm', () => mergeText(c.base, c.mine, c.theirs, { conflictStyle: style }));
      if (wasm.text !== git.text || Math.min(wasm.conflicts, 127) !== git.conflicts) wasmMismatches.push(i);
    });
    console.log(
      `${style}: ${cases.length} cases, clean/conflict agreement ${agree}/${cases.length}, ` +
        `same merged text ${sameClean}/${gitClean} clean, identical output ${sameOutput}/${cases.length}` +
        ` (JS search; WebAssembly search: ${cases.length - wasmMismatches.length}/${cases.length})`,
    );
    expect(agree / cases.length).toBeGreaterThanOrEqual(0.99);
    expect(sameClean / gitClean).toBeGreaterThanOrEqual(0.99);
    expect(mismatches).toEqual([]);
    expect(wasmMismatches).toEqual([]);
  }, TIMEOUT_MS);

  // Code-like documents of thousands of lines, much rewritten on each side
  // (as in bench/merge.bench.ts): long searches where the cut-off (mxcost)
  // picks split points, and at 60,000 lines (over 65,536 diagonals, so
  // mxcost > 256) the snake heuristics too.
  it.each(['diff3', 'zdiff3', 'merge'] as const)('agrees with `git merge-file -p` (%s style) on large, heavily edited documents', (style) => {
    for (const [size, density, seed] of [
      [3_000, 0.5, 1],
      [20_000, 0.3, 2],
      [60_000, 0.5, 3],
    ] as const) {
      const c = largeCase(size, density, seed);
      const git = gitMerge(c, style);
      for (const engine of ['js', 'wasm'] as const) {
        const ours = withEngine(engine, () => mergeText(c.base, c.mine, c.theirs, { conflictStyle: style }));
        expect({ size, engine, same: ours.text === git.text, conflicts: Math.min(ours.conflicts, 127) }).toEqual({
          size,
          engine,
          same: true,
          conflicts: git.conflicts,
        });
      }
    }
  }, TIMEOUT_MS);
});

function withEngine<T>(engine: 'js' | 'wasm', run: () => T): T {
  setDiffEngine(engine);
  try {
    return run();
  } finally {
    setDiffEngine('auto');
  }
}

const WORDS = ['value', 'result', 'user', 'items', 'count', 'config', 'node', 'index', 'state', 'error'];

/** A code-like line; blank lines, braces and a few stock statements repeat a lot. */
function codeLine(rnd: () => number): string {
  const r = rnd();
  const indent = '  '.repeat(Math.floor(rnd() * 4));
  if (r < 0.12) return '';
  if (r < 0.2) return indent + '}';
  if (r < 0.24) return indent + 'return result;';
  if (r < 0.3) return indent + 'break;';
  const w = WORDS[Math.floor(rnd() * WORDS.length)]!;
  return `${indent}const ${w}${Math.floor(rnd() * 100_000)} = compute(${w}, ${Math.floor(rnd() * 1000)});`;
}

function largeCase(size: number, density: number, seed: number): Case {
  const rnd = prng(seed);
  const lines = Array.from({ length: size }, () => codeLine(rnd));
  const edited = (): string[] => {
    const out: string[] = [];
    for (const line of lines) {
      if (rnd() >= density) out.push(line);
      else if (rnd() < 0.4) out.push(codeLine(rnd));
      else if (rnd() < 0.5) out.push(line, codeLine(rnd));
    }
    return out;
  };
  const text = (ls: string[]): string => ls.map((l) => l + '\n').join('');
  return { base: text(lines), mine: text(edited()), theirs: text(edited()) };
}
