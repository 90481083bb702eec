/*
 * Line interning for ../interning.ts, compiled to WebAssembly by
 * scripts/buildWasm.mjs into ../xinternWasm.generated.ts: splits UTF-8 texts
 * into lines as xdiff does (a line ends after '\n'; an unterminated last line
 * is a line), numbers equal lines alike in order of first sight, and gives
 * each line's start as a UTF-16 offset into the JS string. The caller only
 * passes well-formed strings, whose UTF-8 bytes are equal exactly when their
 * UTF-16 code units are.
 */
typedef int i32;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;

/* Texts are read 8 bytes at a time (the caller leaves 8 bytes after each). */
#define NL 0x0A0A0A0A0A0A0A0Aull
#define LOW7 0x7F7F7F7F7F7F7F7Full
#define HIGH 0x8080808080808080ull

static u64 load64(const u8 *p) {
  u64 v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

/* Lines of one text: one per '\n', plus an unterminated last line. */
__attribute__((export_name("count"))) i32 count(const u8 *p, i32 len) {
  i32 n = 0, i = 0;
  for (; i + 8 <= len; i += 8) {
    u64 t = load64(p + i) ^ NL;
    /* High bit of each byte of t that is zero, exactly. */
    n += __builtin_popcountll(~(((t & LOW7) + LOW7) | t | LOW7));
  }
  for (; i < len; i++) n += p[i] == '\n';
  return n + (len > 0 && p[len - 1] != '\n');
}

static i32 classes_seen;

__attribute__((export_name("reset"))) void reset(void) { classes_seen = 0; }

static i32 same(const u8 *a, const u8 *b, i32 n) {
  i32 i = 0;
  for (; i + 4 <= n; i += 4) {
    u32 x, y;
    __builtin_memcpy(&x, a + i, 4);
    __builtin_memcpy(&y, b + i, 4);
    if (x != y) return 0;
  }
  for (; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/*
 * Interns the lines of text `p[0, len)`: classes[i] gets line i's class,
 * starts[i] its UTF-16 offset (starts[n] the text's UTF-16 length). The
 * table (`slots`, `mask + 1` entries of class + 1, 0 empty) and the classes'
 * hash, first line and length persist across texts; the caller sizes them
 * for twice the lines of all texts, so the table stays at most half full.
 * Returns the number of classes so far.
 */
__attribute__((export_name("intern"))) i32 intern(const u8 *p, i32 len, i32 *classes, i32 *starts, i32 *slots, i32 mask,
                                                  u32 *chash, const u8 **cline, i32 *clen) {
  i32 pos = 0, u16 = 0, i = 0;
  while (pos < len) {
    const u8 *line = p + pos;
    u64 h = 0;
    i32 start16 = u16;
    for (;;) {
      u64 w = load64(p + pos);
      u64 t = w ^ NL;
      /* The lowest zero byte of t is the first '\n' (borrows only reach above it). */
      u64 z = (t - 0x0101010101010101ull) & ~t & HIGH;
      i32 take = z ? (__builtin_ctzll(z) >> 3) + 1 : 8, end = z != 0, avail = len - pos;
      if (take >= avail) take = avail, end = 1;
      if (take < 8) w &= (1ull << (take << 3)) - 1;
      h = (h ^ w) * 0x9E3779B97F4A7C15ull;
      h ^= h >> 29;
      if (w & HIGH) {
        /* One UTF-16 unit per character, two for 4-byte UTF-8 sequences. */
        for (i32 k = 0; k < take; k++) {
          u8 b = p[pos + k];
          u16 += ((b & 0xC0) != 0x80) + (b >= 0xF0);
        }
      } else {
        u16 += take;
      }
      pos += take;
      if (end) break;
    }
    i32 n = (i32)(p + pos - line);
    u32 hh = (u32)(h ^ (h >> 32));
    i32 s = (i32)(hh & (u32)mask), c;
    for (;;) {
      c = slots[s] - 1;
      if (c < 0) {
        c = classes_seen++;
        slots[s] = c + 1;
        chash[c] = hh;
        cline[c] = line;
        clen[c] = n;
        break;
      }
      if (chash[c] == hh && clen[c] == n && same(cline[c], line, n)) break;
      s = (s + 1) & mask;
    }
    classes[i] = c;
    starts[i] = start16;
    i++;
  }
  starts[i] = u16;
  return classes_seen;
}
