/**
 * The Myers search of xdiff (`xdl_recs_cmp` + `xdl_split`) compiled to
 * WebAssembly from `c/xsearch.c`: the same algorithm as the JS
 * `compareRecords` in `core/diff/xdiff.ts`, about twice as fast on large,
 * heavily edited texts. The module is small (under the 4 KB Chrome allows
 * for a synchronous compile on the main thread) and compiled on first use
 * (`lazyWasm.ts`); when WebAssembly is missing or refuses it, callers fall
 * back to the JS search.
 */
import { ensureMemory, lazyWasm } from './lazyWasm';
import { XSEARCH_WASM } from './xsearchWasm.generated';

interface XsearchExports {
  readonly memory: WebAssembly.Memory;
  readonly __heap_base: WebAssembly.Global;
  compare(
    ha1: number,
    ha2: number,
    n1: number,
    n2: number,
    kv: number,
    ch1: number,
    ch2: number,
    stack: number,
    mxcost: number,
  ): number;
}

const wasm = lazyWasm<XsearchExports>(XSEARCH_WASM);
const load = (): XsearchExports | undefined => wasm.instance();

/** Whether the WebAssembly search can run here (compiles it if needed). @internal */
export function wasmSearchAvailable(): boolean {
  return load() !== undefined;
}

/**
 * Runs the search over the kept lines `ha1[0, n1)` and `ha2[0, n2)` and
 * marks changed lines in `changed1/changed2` (offset by one, through
 * `rindex1/rindex2` as the JS search does).
 * @returns false, having changed nothing, when WebAssembly is unavailable or
 *   memory could not grow: the caller then runs the JS search.
 * @internal
 */
export function searchWasm(
  ha1: Int32Array,
  n1: number,
  ha2: Int32Array,
  n2: number,
  mxcost: number,
  rindex1: Int32Array,
  rindex2: Int32Array,
  changed1: Uint8Array,
  changed2: Uint8Array,
): boolean {
  const x = load();
  if (x === undefined) return false;
  const ndiags = n1 + n2 + 3;
  const pHa1 = ((x.__heap_base.value as number) + 7) & ~7;
  const pHa2 = pHa1 + 4 * n1;
  const pKv = pHa2 + 4 * n2;
  const pCh1 = pKv + 4 * (2 * ndiags + 2);
  const pCh2 = pCh1 + n1;
  const pStack = (pCh2 + n2 + 7) & ~7;
  // The stack starts with room for a few hundred frames; the search grows
  // memory itself when it needs more.
  const need = pStack + (64 << 10);
  try {
    ensureMemory(x.memory, need);
    const i32 = new Int32Array(x.memory.buffer);
    i32.set(ha1.subarray(0, n1), pHa1 >> 2);
    i32.set(ha2.subarray(0, n2), pHa2 >> 2);
    new Uint8Array(x.memory.buffer, pCh1, n1 + n2).fill(0);
    if (x.compare(pHa1, pHa2, n1, n2, pKv, pCh1, pCh2, pStack, mxcost) !== 0) return false;
    // The search may have grown memory: take a fresh view.
    const u8 = new Uint8Array(x.memory.buffer);
    for (let k = 0; k < n1; k++) if (u8[pCh1 + k] !== 0) changed1[rindex1[k]! + 1] = 1;
    for (let k = 0; k < n2; k++) if (u8[pCh2 + k] !== 0) changed2[rindex2[k]! + 1] = 1;
    return true;
  } catch {
    return false;
  } finally {
    wasm.done();
  }
}
