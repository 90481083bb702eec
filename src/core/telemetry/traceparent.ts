/** A W3C Trace Context `traceparent` (version 00), its parts as lowercase hex. */
export interface Traceparent {
  /** 32 hex digits, never all zeros. */
  readonly traceId: string;
  /** The id of the span that sends the request: 16 hex digits, never all zeros. */
  readonly parentId: string;
  /** Bit 0: sampled. */
  readonly flags: number;
}

/** `bytes` random bytes as hex (an all-zero id, invalid in Trace Context, has a chance of 2⁻⁶⁴ or less). @internal */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => (byte | 256).toString(16).slice(1)).join('');
}

/** A new `traceparent` with a random trace id and parent id, sampled (flags 01). @internal */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** The trace id of a `traceparent`, read as its version-00 prefix (W3C Trace Context §3.2); `undefined` when it has none. @internal */
export function traceIdOf(header: string | null | undefined): string | undefined {
  return /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/.exec(header ?? '')?.[1];
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
