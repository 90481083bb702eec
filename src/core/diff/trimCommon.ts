/**
 * How many items two sequences share at their start (`pre`) and then at
 * their end (`suf`), the two runs never overlapping (xdiff's
 * `xdl_trim_ends`): the part a diff need not look at. @internal
 */
export function trimCommon<T>(a: ArrayLike<T>, b: ArrayLike<T>): { pre: number; suf: number } {
  const lim = Math.min(a.length, b.length);
  let pre = 0;
  while (pre < lim && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < lim - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  return { pre, suf };
}
