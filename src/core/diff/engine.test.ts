import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerWasmDiff, setDiffEngine, wasmDiffFor, type WasmDiff } from './engine';
import { countClasses, internTexts } from './interning';
import { xdiff } from './xdiff';

/** WebAssembly parts that record their calls and always hand the work back to JS. */
function declining() {
  return { intern: vi.fn<WasmDiff['intern']>(() => undefined), search: vi.fn<WasmDiff['search']>(() => false) };
}

/** The edit script of two class sequences, as plain numbers. */
function script(a: Int32Array, b: Int32Array): number[] {
  const classes = Math.max(...a, ...b) + 1;
  const s = xdiff(a, b, countClasses(a, classes), countClasses(b, classes));
  return Array.from(s.data.subarray(0, 4 * s.count));
}

const big = Array.from({ length: 4_000 }, (_, i) => `line ${i}\n`).join('');
const edited = big.replace('line 17\n', 'line seventeen\n');

afterEach(() => {
  registerWasmDiff(undefined);
  setDiffEngine('auto');
});

describe('diff engine choice', () => {
  it('runs JS only until conflict-kit/wasm registers its parts', () => {
    expect(wasmDiffFor(true)).toBeUndefined();
    const js = internTexts(big, [edited]);
    const parts = declining();
    registerWasmDiff(parts);
    expect(internTexts(big, [edited])).toEqual(js);
    expect(parts.intern).toHaveBeenCalledTimes(1);
  });

  it('hands only large inputs to WebAssembly in auto mode, none when JS is forced, every one when wasm is', () => {
    const parts = declining();
    registerWasmDiff(parts);
    internTexts('a\n', ['b\n']);
    expect(parts.intern).not.toHaveBeenCalled();
    setDiffEngine('js');
    internTexts(big, [edited]);
    expect(parts.intern).not.toHaveBeenCalled();
    setDiffEngine('wasm');
    internTexts('a\n', ['b\n']);
    expect(parts.intern).toHaveBeenCalledTimes(1);
  });

  it('falls back to the JS search, with the same script, when the WebAssembly search declines', () => {
    const a = Int32Array.from({ length: 200 }, (_, i) => i);
    const b = Int32Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 1000 + i : i));
    const js = script(a, b);
    const parts = declining();
    registerWasmDiff(parts);
    expect(script(a, b)).toEqual(js);
    expect(parts.search).toHaveBeenCalledTimes(1);
  });
});
