/** Logs a warning in development builds only (`process.env.NODE_ENV !== 'production'`). @internal */
export function devWarning(message: string, detail?: unknown): void {
  // Guarded: browsers without a bundler define no `process`.
  if (typeof process === 'undefined' || process.env.NODE_ENV === 'production') return;
  if (detail === undefined) console.warn(`[conflict-kit] ${message}`);
  else console.warn(`[conflict-kit] ${message}`, detail);
}
