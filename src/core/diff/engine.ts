import type { InternedText } from './interning';

/**
 * Where the merge engine's hot parts run: `auto` (WebAssembly for large
 * inputs once `conflict-kit/wasm` registered it, else JS), or forced for
 * tests and benchmarks, which check that both give the same results.
 * `wasm` still falls back to JS when WebAssembly is unregistered or
 * unavailable. @internal
 */
export type DiffEngine = 'auto' | 'js' | 'wasm';

/**
 * The WebAssembly parts of the merge engine, registered by the opt-in
 * `conflict-kit/wasm` entry: each answers `undefined` / `false`, having
 * changed nothing, when it cannot run, and the JS code runs instead. @internal
 */
export interface WasmDiff {
  /** Interns `texts` (base first) like `internTexts`. */
  intern(texts: readonly string[]): { files: InternedText[]; classCount: number } | undefined;
  /** The Myers search over kept lines, marking `changed1` / `changed2` like the JS `compareRecords`. */
  search(
    ha1: Int32Array,
    n1: number,
    ha2: Int32Array,
    n2: number,
    mxcost: number,
    rindex1: Int32Array,
    rindex2: Int32Array,
    changed1: Uint8Array,
    changed2: Uint8Array,
  ): boolean;
}

let current: DiffEngine = 'auto';
let registered: WasmDiff | undefined;

/** Chooses the engine of line interning and of the Myers search. @internal */
export function setDiffEngine(engine: DiffEngine): void {
  current = engine;
}

/** Registers (or, with `undefined`, withdraws) the WebAssembly parts. @internal */
export function registerWasmDiff(parts: WasmDiff | undefined): void {
  registered = parts;
}

/** The WebAssembly parts to use for an input, `large` or not; `undefined` means JS. @internal */
export function wasmDiffFor(large: boolean): WasmDiff | undefined {
  if (current === 'js') return undefined;
  return current === 'wasm' || large ? registered : undefined;
}
