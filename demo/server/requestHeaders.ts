/** The actor recorded when a request sends no `X-Actor`. */
export const DEFAULT_ACTOR = 'anonymous';

const ACTOR = /^[\x20-\x7e]{1,64}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads `X-Actor`: 1–64 printable ASCII characters (trimmed), the default
 * when absent, or `null` when present but invalid.
 */
export function parseActor(value: string | null): string | null {
  if (value === null) return DEFAULT_ACTOR;
  const actor = value.trim();
  return ACTOR.test(actor) ? actor : null;
}

/** A fresh request id such as `req_5f2c9a1e7b3d4f60`. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `req_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The client's `X-Request-Id` when it is a safe token (so it can go into logs and bodies), else a new one. */
export function requestIdFrom(value: string | null): string {
  return value !== null && REQUEST_ID.test(value) ? value : newRequestId();
}
