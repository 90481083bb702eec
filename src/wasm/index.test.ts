import { afterAll, describe, expect, it } from 'vitest';
import { setDiffEngine, wasmDiffFor } from '../core/diff/engine';
import { mergeText } from '../core/mergeText';
import './index';

afterAll(() => setDiffEngine('auto'));

describe('conflict-kit/wasm', () => {
  it('registers the WebAssembly engine for large inputs when imported', () => {
    expect(wasmDiffFor(true)).toBeDefined();
    expect(wasmDiffFor(false)).toBeUndefined();
  });

  it('merges a large document exactly as the JS engine does', () => {
    const base = Array.from({ length: 3_000 }, (_, i) => `line ${i % 97} of ${i}\n`);
    const mine = base.map((l, i) => (i % 50 === 0 ? `mine ${i}\n` : l)).join('');
    const theirs = base.map((l, i) => (i % 70 === 5 ? `theirs ${i}\n` : l)).join('');
    setDiffEngine('js');
    const js = mergeText(base.join(''), mine, theirs);
    setDiffEngine('auto');
    const wasm = mergeText(base.join(''), mine, theirs);
    expect(wasm.text).toBe(js.text);
    expect(wasm.hunks.length).toBe(js.hunks.length);
  });
});
