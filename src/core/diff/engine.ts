/**
 * Where the merge engine's hot parts run: `auto` (WebAssembly for large
 * inputs when available, else JS), or forced for tests, which check that
 * both give the same results. `wasm` still falls back to JS when
 * WebAssembly is unavailable. @internal
 */
export type DiffEngine = 'auto' | 'js' | 'wasm';

let current: DiffEngine = 'auto';

/** Chooses the engine of line interning and of the Myers search. @internal */
export function setDiffEngine(engine: DiffEngine): void {
  current = engine;
}

/** The chosen engine. @internal */
export function diffEngine(): DiffEngine {
  return current;
}
