/** `bytes` random bytes as hex (an all-zero id, invalid in Trace Context, has a chance of 2⁻⁶⁴ or less). @internal */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => (byte | 256).toString(16).slice(1)).join('');
}

/** A new `traceparent` with a random trace id and parent id, sampled (flags 01). @internal */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/**
 * The trace id of the `traceparent` a request carried (the kit's, or the
 * app's own), read as its version-00 prefix (W3C Trace Context §3.2);
 * `undefined` when it carried none.
 * @internal
 */
export function sentTraceId(sent: { readonly request: { readonly headers: Headers } }): string | undefined {
  return /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/.exec(sent.request.headers.get('traceparent') ?? '')?.[1];
}
