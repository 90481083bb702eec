/**
 * Compiles a WebAssembly module shipped as base64 on first use, for the
 * merge engine's hot parts. Each module stays under the 4 KB that Chrome
 * allows for a synchronous compile on the main thread.
 */

/** A module's memory is let go this long after its last use… */
const IDLE_MS = 5_000;
/** …or right after a use that grew it past this. */
const MAX_KEPT_BYTES = 64 << 20;

/**
 * A lazily compiled module: `instance()` gives its exports, or undefined when
 * WebAssembly is missing or refuses it (then callers run their JS code).
 * Call `done()` after each use: linear memory cannot shrink, so the instance
 * (and its memory) is dropped a few seconds after its last use, or at once
 * when it grew very large; merges in a row reuse the grown memory.
 * @internal
 */
export function lazyWasm<T extends { readonly memory: WebAssembly.Memory }>(
  base64: string,
): { instance(): T | undefined; done(): void } {
  let compiled: WebAssembly.Module | null | undefined;
  let exports: T | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drop = (): void => {
    exports = undefined;
    timer = undefined;
  };
  return {
    instance(): T | undefined {
      if (exports !== undefined) return exports;
      if (compiled === null) return undefined;
      try {
        if (compiled === undefined) {
          const text = atob(base64);
          const bytes = new Uint8Array(text.length);
          for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
          compiled = new WebAssembly.Module(bytes);
        }
        exports = new WebAssembly.Instance(compiled, {}).exports as unknown as T;
        return exports;
      } catch {
        // No WebAssembly, a content security policy without 'wasm-unsafe-eval',
        // or a browser that limits synchronous compiles: the JS code it is.
        compiled = null;
        return undefined;
      }
    },
    done(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (exports === undefined) return;
      if (exports.memory.buffer.byteLength > MAX_KEPT_BYTES || typeof setTimeout !== 'function') {
        drop();
        return;
      }
      timer = setTimeout(drop, IDLE_MS);
      // In Node, the timer must not keep the process alive.
      (timer as { unref?: () => void }).unref?.();
    },
  };
}

/** Grows `memory` to at least `bytes`. @internal */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
