/**
 * Whether this is a development build (`process.env.NODE_ENV !== 'production'`).
 * Misuse errors carry their full explanation only then, and a short true
 * sentence in production: `throw new ConflictKitError(isDev ? 'what, why and the fix' : 'what.')`.
 * @internal
 */
// Guarded: browsers without a bundler define no `process`. Written as a
// conditional so minifiers fold it to a literal `false` in production builds
// and inline it, which drops the long texts; a bare `&&` stays an expression.
export const isDev: boolean = typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? true : false;

/** Logs a warning in development builds only (`process.env.NODE_ENV !== 'production'`). @internal */
export function devWarning(message: string, detail?: unknown): void {
  // Guarded: browsers without a bundler define no `process`.
  if (typeof process === 'undefined' || process.env.NODE_ENV === 'production') return;
  if (detail === undefined) console.warn(`[conflict-kit] ${message}`);
  else console.warn(`[conflict-kit] ${message}`, detail);
}
