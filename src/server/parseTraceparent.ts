/** The parts of a W3C Trace Context `traceparent` header. */
export interface Traceparent {
  /** Two lowercase hex digits; `00` today. */
  readonly version: string;
  /** 32 lowercase hex digits, not all zero: the whole trace's id. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero: the caller's span. */
  readonly parentId: string;
  /** Two lowercase hex digits; bit 0 is "sampled". */
  readonly flags: string;
}

const HEADER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/**
 * Reads a `traceparent` header (W3C Trace Context §3.2), or `null` when it is
 * absent or invalid: an invalid header is ignored, never an error (§3.2.2.x
 * "vendors MUST ignore"). Uppercase hex, all-zero ids, version `ff`, and
 * anything after the flags of version `00` make it invalid; a later version
 * may carry more fields after a dash (§3.2.4).
 */
export function parseTraceparent(value: string | null | undefined): Traceparent | null {
  if (value === null || value === undefined) return null;
  const header = value.trim();
  if (header.length > 512) return null;
  const match = HEADER.exec(header);
  if (!match) return null;
  const [, version = '', traceId = '', parentId = '', flags = '', rest] = match;
  if (version === 'ff') return null;
  if (version === '00' && rest !== undefined) return null;
  if (traceId === ZERO_TRACE || parentId === ZERO_PARENT) return null;
  return { version, traceId, parentId, flags };
}

/** The trace id of a request's valid `traceparent`, or `undefined`. */
export function traceIdOf(request: Request): string | undefined {
  return parseTraceparent(request.headers.get('traceparent'))?.traceId;
}
