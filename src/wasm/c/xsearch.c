/*
 * The Myers search of xdiff (git 2.39 xdiff/xdiffi.c: xdl_split with the
 * cost heuristic, xdl_recs_cmp) over kept line classes, compiled to
 * WebAssembly by scripts/buildWasm.mjs into ../xsearchWasm.generated.ts.
 * It is the same algorithm as split()/compareRecords() in ../xdiff.ts, which
 * stays as the fallback; both must give the same result.
 *
 * Memory (all offsets in bytes, set by the caller):
 *   ha1[n1], ha2[n2]  int32 line classes of the kept lines
 *   kv[2 * (n1 + n2 + 3) + 2]  int32 K vectors
 *   ch1[n1], ch2[n2]  uint8 out: 1 where a kept line is changed (zeroed by the caller)
 *   stack             int32 frames from `stack` up; memory grows when needed
 */
#define SNAKE_CNT 20
#define K_HEUR 4
#define HEUR_MIN_COST 256
#define LINE_MAX 0x7fffffff

typedef int i32;
typedef unsigned char u8;

static i32 spl_i1, spl_i2, min_lo, min_hi;

/*
 * The arrays come in as arguments, not globals: stores into the K vectors
 * could alias globals in linear memory and make every step reload them.
 */
/* The passes of split(), written twice each so that the loop that never
   meets the other direction does not test for it at every step. */
#define FORWARD(check)                                                    \
  for (d = fmax, hi = kvdf[fmax + 1]; d >= fmin; d -= 2, hi = lo) {       \
    lo = kvdf[d - 1];                                                     \
    i1 = lo >= hi ? lo + 1 : hi;                                          \
    prev1 = i1;                                                           \
    i2 = i1 - d;                                                          \
    if (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2]) {                   \
      do i1++, i2++;                                                      \
      while (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2]);               \
      if (i1 - prev1 > SNAKE_CNT) got_snake = 1;                          \
    }                                                                     \
    kvdf[d] = i1;                                                         \
    if (check && bmin <= d && d <= bmax && kvdb[d] <= i1) {               \
      spl_i1 = i1;                                                        \
      spl_i2 = i2;                                                        \
      min_lo = min_hi = 1;                                                \
      return;                                                             \
    }                                                                     \
  }
#define BACKWARD(check)                                                   \
  for (d = bmax, hi = kvdb[bmax + 1]; d >= bmin; d -= 2, hi = lo) {       \
    lo = kvdb[d - 1];                                                     \
    i1 = lo < hi ? lo : hi - 1;                                           \
    prev1 = i1;                                                           \
    i2 = i1 - d;                                                          \
    if (i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1]) {           \
      do i1--, i2--;                                                      \
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1]);       \
      if (prev1 - i1 > SNAKE_CNT) got_snake = 1;                          \
    }                                                                     \
    kvdb[d] = i1;                                                         \
    if (check && fmin <= d && d <= fmax && i1 <= kvdf[d]) {               \
      spl_i1 = i1;                                                        \
      spl_i2 = i2;                                                        \
      min_lo = min_hi = 1;                                                \
      return;                                                             \
    }                                                                     \
  }

static void split(const i32 *ha1, const i32 *ha2, i32 *kvdf, i32 *kvdb, i32 mxcost, i32 off1, i32 lim1, i32 off2,
                  i32 lim2, i32 need_min) {
  i32 dmin = off1 - lim2, dmax = lim1 - off2;
  i32 fmid = off1 - off2, bmid = lim1 - lim2;
  i32 odd = (fmid - bmid) & 1;
  i32 fmin = fmid, fmax = fmid;
  i32 bmin = bmid, bmax = bmid;
  i32 ec, d, i1, i2, prev1, best, got_snake, lo, hi;

  kvdf[fmid] = off1;
  kvdb[bmid] = lim1;

  for (ec = 1;; ec++) {
    got_snake = 0;

    if (fmin > dmin) kvdf[--fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kvdf[++fmax + 1] = -1;
    else --fmax;

    /* kvdf[d - 1] of a step is kvdf[d + 1] of the next: carried in `hi`. */
    if (odd) FORWARD(1) else FORWARD(0)

    if (bmin > dmin) kvdb[--bmin - 1] = LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kvdb[++bmax + 1] = LINE_MAX;
    else --bmax;

    if (odd) BACKWARD(0) else BACKWARD(1)

    if (need_min) continue;

    if (got_snake && ec > HEUR_MIN_COST) {
      i32 v, dd, k;
      best = 0;
      for (d = fmax; d >= fmin; d -= 2) {
        dd = d > fmid ? d - fmid : fmid - d;
        i1 = kvdf[d];
        i2 = i1 - d;
        v = (i1 - off1) + (i2 - off2) - dd;
        if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
          for (k = 1; ha1[i1 - k] == ha2[i2 - k]; k++)
            if (k == SNAKE_CNT) {
              best = v;
              spl_i1 = i1;
              spl_i2 = i2;
              break;
            }
        }
      }
      if (best > 0) {
        min_lo = 1;
        min_hi = 0;
        return;
      }
      for (d = bmax; d >= bmin; d -= 2) {
        dd = d > bmid ? d - bmid : bmid - d;
        i1 = kvdb[d];
        i2 = i1 - d;
        v = (lim1 - i1) + (lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
          for (k = 0; ha1[i1 + k] == ha2[i2 + k]; k++)
            if (k == SNAKE_CNT - 1) {
              best = v;
              spl_i1 = i1;
              spl_i2 = i2;
              break;
            }
        }
      }
      if (best > 0) {
        min_lo = 0;
        min_hi = 1;
        return;
      }
    }

    if (ec >= mxcost) {
      i32 fbest = -1, fbest1 = -1, bbest = LINE_MAX, bbest1 = LINE_MAX;
      for (d = fmax; d >= fmin; d -= 2) {
        i1 = kvdf[d] < lim1 ? kvdf[d] : lim1;
        i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      for (d = bmax; d >= bmin; d -= 2) {
        i1 = off1 > kvdb[d] ? off1 : kvdb[d];
        i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
        spl_i1 = fbest1;
        spl_i2 = fbest - fbest1;
        min_lo = 1;
        min_hi = 0;
      } else {
        spl_i1 = bbest1;
        spl_i2 = bbest - bbest1;
        min_lo = 0;
        min_hi = 1;
      }
      return;
    }
  }
}

/*
 * xdl_recs_cmp over kept lines [0, n1) x [0, n2) with an explicit stack of
 * (off1, lim1, off2, lim2, need_min) frames. Returns 0, or -1 when memory
 * could not grow for the stack.
 */
__attribute__((export_name("compare"))) i32 compare(const i32 *a, const i32 *b, i32 n1, i32 n2, i32 *kv, u8 *ch1,
                                                    u8 *ch2, i32 *stack, i32 cost) {
  i32 ndiags = n1 + n2 + 3;
  i32 sp = 0;
  i32 *kvdf = kv + n2 + 1;
  i32 *kvdb = kv + ndiags + n2 + 1;
  stack[sp++] = 0;
  stack[sp++] = n1;
  stack[sp++] = 0;
  stack[sp++] = n2;
  stack[sp++] = 0;
  while (sp > 0) {
    i32 need_min = stack[--sp];
    i32 lim2 = stack[--sp];
    i32 off2 = stack[--sp];
    i32 lim1 = stack[--sp];
    i32 off1 = stack[--sp];
    for (; off1 < lim1 && off2 < lim2 && a[off1] == b[off2]; off1++, off2++);
    for (; off1 < lim1 && off2 < lim2 && a[lim1 - 1] == b[lim2 - 1]; lim1--, lim2--);
    if (off1 == lim1) {
      for (; off2 < lim2; off2++) ch2[off2] = 1;
    } else if (off2 == lim2) {
      for (; off1 < lim1; off1++) ch1[off1] = 1;
    } else {
      split(a, b, kvdf, kvdb, cost, off1, lim1, off2, lim2, need_min);
      /* Room for the two frames pushed below. */
      unsigned long top = (unsigned long)(stack + sp + 10);
      unsigned long size = __builtin_wasm_memory_size(0) << 16;
      if (top > size && __builtin_wasm_memory_grow(0, ((top - size) >> 16) + 16) < 0) return -1;
      stack[sp++] = spl_i1;
      stack[sp++] = lim1;
      stack[sp++] = spl_i2;
      stack[sp++] = lim2;
      stack[sp++] = min_hi;
      stack[sp++] = off1;
      stack[sp++] = spl_i1;
      stack[sp++] = off2;
      stack[sp++] = spl_i2;
      stack[sp++] = min_lo;
    }
  }
  return 0;
}
