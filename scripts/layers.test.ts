import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Layers are law (CONVENTIONS.md): runtime imports point down only.
// core → nothing of ours; react → core; ui → react, core; server → core;
// the optional entries (advanced, wasm, couchdb, azure, telemetry, otel) → core; react-hook-form → react, core;
// only otel (and the server helpers) may load @opentelemetry/api (an optional peer).

type Layer = 'core' | 'react' | 'ui' | 'server' | 'advanced' | 'wasm' | 'couchdb' | 'azure' | 'react-hook-form' | 'telemetry' | 'otel';
const layers: readonly Layer[] = ['core', 'react', 'ui', 'server', 'advanced', 'wasm', 'couchdb', 'azure', 'react-hook-form', 'telemetry', 'otel'];
const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

const mayImport: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  react: ['react', 'core'],
  ui: ['ui', 'react', 'core'],
  server: ['server', 'core'],
  advanced: ['advanced', 'core'],
  wasm: ['wasm', 'core'],
  couchdb: ['couchdb', 'core'],
  azure: ['azure', 'core'],
  'react-hook-form': ['react-hook-form', 'react', 'core'],
  telemetry: ['telemetry', 'core'],
  otel: ['otel', 'core'],
};

const forbiddenPackages: Record<Layer, RegExp> = {
  core: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand$|node:|fs$|path$)/,
  react: /^(hono|better-sqlite3|msw|@opentelemetry\/|node:|react-hook-form)/,
  ui: /^(hono|better-sqlite3|msw|@tanstack\/|@opentelemetry\/|node:|react-hook-form)/,
  server: /^(react|react-dom|@tanstack\/|hono|better-sqlite3|zustand|node:)/,
  advanced: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand$|node:|fs$|path$)/,
  wasm: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand|node:|fs$|path$)/,
  couchdb: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand|node:|fs$|path$)/,
  azure: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand|node:|fs$|path$)/,
  'react-hook-form': /^(hono|better-sqlite3|msw|@opentelemetry\/|node:)/,
  telemetry: /^(react|react-dom|@tanstack\/|@opentelemetry\/|hono|better-sqlite3|msw|zustand|node:|fs$|path$)/,
  otel: /^(react|react-dom|@tanstack\/|hono|better-sqlite3|msw|zustand|node:|fs$|path$)/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

interface ImportRef {
  spec: string;
  typeOnly: boolean;
}

/** Static and dynamic imports and re-exports, with whether they are type-only. */
export function importsOf(code: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(statement)) refs.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) refs.push({ spec: m[1]!, typeOnly: false });
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) refs.push({ spec: m[1]!, typeOnly: false });
  return refs;
}

function layerOf(file: string): Layer | undefined {
  const top = relative(src, file).split(sep)[0];
  return layers.find((layer) => layer === top);
}

const files = sourceFiles(src);

describe('layer boundaries', () => {
  it('finds the source files it guards', () => {
    expect(files.some((f) => layerOf(f) === 'core')).toBe(true);
  });

  it('reads type-only and runtime imports apart', () => {
    expect(importsOf(`import type { A } from './a';\nimport { b } from "../b";\nexport * from './c';\nconst d = import('./d');`)).toEqual([
      { spec: './a', typeOnly: true },
      { spec: '../b', typeOnly: false },
      { spec: './c', typeOnly: false },
      { spec: './d', typeOnly: false },
    ]);
  });

  for (const file of files) {
    const layer = layerOf(file);
    const name = relative(root, file);
    it(`${name} imports only what its layer may`, () => {
      const problems: string[] = [];
      for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(src + sep)) {
            problems.push(`${spec}: reaches outside src/ (demo code is never imported by the package)`);
            continue;
          }
          const targetLayer = layerOf(target);
          if (layer && targetLayer && !mayImport[layer].includes(targetLayer) && !typeOnly) {
            problems.push(`${spec}: ${layer} may not import ${targetLayer} at runtime`);
          }
        } else if (layer && forbiddenPackages[layer].test(spec) && !typeOnly) {
          problems.push(`${spec}: ${layer} may not depend on this package`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

// CONVENTIONS.md 13: the library does not split itself; optional parts are entries.
// react and ui join this list once their last lazy imports are gone.
const splitFree: readonly Layer[] = ['core', 'server', 'advanced', 'wasm', 'couchdb', 'azure', 'react-hook-form', 'telemetry', 'otel'];

describe('no import() inside the library', () => {
  for (const file of files.filter((f) => splitFree.includes(layerOf(f)!))) {
    it(`${relative(root, file)} loads nothing with import()`, () => {
      expect(readFileSync(file, 'utf8').match(/\bimport\(\s*['"][^'"]+['"]\s*\)/g) ?? []).toEqual([]);
    });
  }
});
