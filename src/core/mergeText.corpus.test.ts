/**
 * Compares mergeText with `git merge-file -p` on edits of real text found on
 * the machine (licenses, package docs), in the three conflict styles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConflictStyle, mergeText } from './mergeText';

const CASES = 300;
// About 1 s per style on an idle machine; spawning git is slow on a loaded one.
const TIMEOUT_MS = 30_000;
const hasGit = spawnSync('git', ['--version']).status === 0;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const r = spawnSync('git', [...args, 'mine', 'base', 'theirs'], { cwd: dir, encoding: 'utf8' });
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
    cases.forEach((c, i) => {
      const git = gitMerge(c, style);
      const ours = mergeText(c.base, c.mine, c.theirs, { conflictStyle: style });
      if ((git.conflicts === 0) === ours.clean) agree++;
      if (git.conflicts === 0) {
        gitClean++;
        if (ours.clean && ours.text === git.text) sameClean++;
      }
      // git's exit status is the number of conflicts (capped at 127).
      if (ours.text === git.text && Math.min(ours.conflicts, 127) === git.conflicts) sameOutput++;
      else mismatches.push(i);
    });
    console.log(
      `${style}: ${cases.length} cases, clean/conflict agreement ${agree}/${cases.length}, ` +
        `same merged text ${sameClean}/${gitClean} clean, identical output ${sameOutput}/${cases.length}`,
    );
    expect(agree / cases.length).toBeGreaterThanOrEqual(0.99);
    expect(sameClean / gitClean).toBeGreaterThanOrEqual(0.99);
    expect(mismatches).toEqual([]);
  }, TIMEOUT_MS);
});
