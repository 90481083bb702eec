/**
 * Whether this is a development build. Bundlers replace `process.env.NODE_ENV`
 * (webpack, Vite, esbuild, Next) but leave `process` itself undefined in the
 * browser, so where there is no `process` Vite's `import.meta.env.MODE` tells;
 * with neither (a browser without a bundler) it is not. Misuse errors carry
 * their full explanation only then, and a short true sentence in production:
 * `throw new ConflictKitError(isDev ? 'what, why and the fix' : 'what.')`.
 * @internal
 */
// Written as a conditional so minifiers fold it to a literal `false` in
// production builds and inline it, which drops the long texts.
export const isDev: boolean =
  typeof process !== 'undefined'
    ? process.env.NODE_ENV !== 'production'
    : (import.meta as { env?: { MODE?: string } }).env?.MODE === 'development' ? true : false;

/** Logs a warning in development builds only (see {@link isDev}). @internal */
export function devWarning(message: string, detail?: unknown): void {
  if (!isDev) return;
  if (detail === undefined) console.warn(`[conflict-kit] ${message}`);
  else console.warn(`[conflict-kit] ${message}`, detail);
}
