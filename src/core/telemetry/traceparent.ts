/** A W3C Trace Context `traceparent` (version 00), its parts as lowercase hex. */
export interface Traceparent {
  /** 32 hex digits, never all zeros. */
  readonly traceId: string;
  /** The id of the span that sends the request: 16 hex digits, never all zeros. */
  readonly parentId: string;
  /** Bit 0: sampled. */
  readonly flags: number;
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  const crypto = globalThis.crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(buffer);
  else for (let i = 0; i < bytes; i++) buffer[i] = Math.floor(Math.random() * 256);
  let hex = '';
  for (const byte of buffer) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  // An all-zero id is invalid (W3C Trace Context §3.2.2.3, §3.2.2.4).
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** A new `traceparent` with a random trace id and parent id, sampled (flags 01). @internal */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/**
 * Reads a `traceparent` header (W3C Trace Context §3.2); `undefined` when it
 * is malformed, of version ff, or carries an all-zero id. A later version is
 * read by its version-00 prefix, as the specification asks.
 * @internal
 */
export function parseTraceparent(header: string | null | undefined): Traceparent | undefined {
  const match = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-|$)/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match as unknown as [string, string, string, string, string, string];
  if (version === 'ff' || (version === '00' && rest !== '')) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, flags: Number.parseInt(flags, 16) };
}
