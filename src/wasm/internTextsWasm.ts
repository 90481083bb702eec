/**
 * Line interning in WebAssembly (`c/xintern.c`): the texts are encoded
 * to UTF-8 into linear memory (a native copy), then split, hashed and
 * numbered in one pass with the same results as the JS `internTexts`.
 */
import type { InternedText } from '../core/diff/interning';
import { ensureMemory, lazyWasm } from './lazyWasm';
import { XINTERN_WASM } from './xinternWasm.generated';

interface XinternExports {
  readonly memory: WebAssembly.Memory;
  readonly __heap_base: WebAssembly.Global;
  count(text: number, len: number): number;
  reset(): void;
  intern(
    text: number,
    len: number,
    classes: number,
    starts: number,
    slots: number,
    mask: number,
    chash: number,
    cline: number,
    clen: number,
  ): number;
}

const wasm = lazyWasm<XinternExports>(XINTERN_WASM);
let encoder: TextEncoder | undefined;

const align = (n: number): number => (n + 7) & ~7;

/**
 * Interns `texts` (base first) like `internTexts`.
 * @returns undefined when WebAssembly is unavailable or a text is not
 *   well-formed UTF-16 (UTF-8 would make lone surrogates equal): the caller
 *   then runs the JS code.
 * @internal
 */
export function internTextsWasm(texts: readonly string[]): { files: InternedText[]; classCount: number } | undefined {
  for (const t of texts) {
    const wellFormed = (t as { isWellFormed?: () => boolean }).isWellFormed;
    if (typeof wellFormed !== 'function' || !wellFormed.call(t)) return undefined;
  }
  const x = wasm.instance();
  if (x === undefined) return undefined;
  try {
    encoder ??= new TextEncoder();
    let p = align(x.__heap_base.value as number);
    const textAt: number[] = [];
    const bytes: number[] = [];
    for (const t of texts) {
      // ASCII fits in t.length bytes; anything else in at most 3 per unit.
      ensureMemory(x.memory, p + t.length + 8);
      let r = encoder.encodeInto(t, new Uint8Array(x.memory.buffer, p, t.length));
      if (r.read < t.length) {
        ensureMemory(x.memory, p + 3 * t.length + 8);
        r = encoder.encodeInto(t, new Uint8Array(x.memory.buffer, p, 3 * t.length));
      }
      textAt.push(p);
      bytes.push(r.written);
      p = align(p + r.written);
    }
    const counts = texts.map((_, t) => x.count(textAt[t]!, bytes[t]!));
    const classesAt: number[] = [];
    const startsAt: number[] = [];
    let lines = 0;
    for (const n of counts) {
      classesAt.push(p);
      p = align(p + 4 * n);
      startsAt.push(p);
      p = align(p + 4 * (n + 1));
      lines += n;
    }
    let cap = 1024;
    while (cap < 2 * lines) cap <<= 1;
    const slots = p;
    const chash = slots + 4 * cap;
    const cline = chash + 2 * cap;
    const clen = cline + 2 * cap;
    ensureMemory(x.memory, clen + 2 * cap);
    new Int32Array(x.memory.buffer, slots, cap).fill(0);
    x.reset();
    let classCount = 0;
    texts.forEach((_, t) => {
      classCount = x.intern(textAt[t]!, bytes[t]!, classesAt[t]!, startsAt[t]!, slots, cap - 1, chash, cline, clen);
    });
    const files = texts.map((text, t) => {
      const n = counts[t]!;
      return {
        text,
        classes: new Int32Array(x.memory.buffer, classesAt[t]!, n).slice(),
        starts: new Int32Array(x.memory.buffer, startsAt[t]!, n + 1).slice(),
      };
    });
    return { files, classCount };
  } catch {
    return undefined;
  } finally {
    wasm.done();
  }
}
