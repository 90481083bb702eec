import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as server from './index';

describe('conflict-kit/server public API', () => {
  it('exports the documented functions', () => {
    for (const name of [
      'checkPreconditions',
      'problemResponse',
      'staleWriteProblem',
      'duplicateProblem',
      'invalidTransitionProblem',
      'preconditionRequiredProblem',
      'badRequestProblem',
      'unprocessableProblem',
      'payloadTooLargeProblem',
      'unsupportedMediaTypeProblem',
      'notFoundProblem',
      'createIdempotencyHandler',
      'memoryIdempotencyStore',
      'sqliteIdempotencyStore',
      'pgIdempotencyStore',
      'parseIdempotencyKey',
      'etagFor',
      'readJsonBody',
      'applyMergePatch',
      'parseTraceparent',
      'traceIdOf',
      'createConflictMetrics',
      'conflictOutcomeOf',
    ]) {
      expect(typeof (server as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('applies RFC 7396 merge patches (the shared core implementation)', () => {
    expect(server.applyMergePatch({ a: 1, b: { c: 2, d: 3 } }, { a: null, b: { c: 9 }, e: [1] })).toEqual({ b: { c: 9, d: 3 }, e: [1] });
  });

  it('uses only Fetch API and Web Crypto globals at runtime: no node, hono, React or driver imports', () => {
    const dir = import.meta.dirname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const code = readFileSync(join(dir, file), 'utf8');
      const specs = [...code.matchAll(/^\s*import\s+(?!type\b)[^'";]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const spec of specs) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
      expect(code, file).not.toMatch(/\b(require\(|process\.|Buffer\.)/);
    }
  });
});
