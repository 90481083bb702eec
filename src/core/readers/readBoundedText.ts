/** What {@link readBoundedText} could read. */
export interface BoundedText {
  /** The decoded text of at most `maxBytes` bytes (UTF-8, invalid bytes replaced). */
  readonly text: string;
  /** `true` when the body was longer than `maxBytes` and the rest was not read. */
  readonly truncated: boolean;
  /** `true` when the stream failed part-way; `text` holds what arrived before. */
  readonly failed: boolean;
}

/**
 * Reads a body stream as UTF-8 text, stopping and cancelling the stream once
 * `maxBytes` have arrived, so a huge or endless body is never buffered whole.
 */
export async function readBoundedText(
  stream: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number,
): Promise<BoundedText> {
  if (!stream) return { text: '', truncated: false, failed: false };
  // UTF-8, invalid bytes replaced (not fatal): decoding never throws.
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  let truncated = false;
  let failed = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Streams from user code may yield anything; only bytes are decoded.
      // Not `instanceof Uint8Array`: a body from another realm (an iframe,
      // Node's fetch under jsdom) holds bytes of that realm's class.
      if (!isBytes(value)) continue;
      const room = maxBytes - received;
      if (value.byteLength > room) {
        text += decoder.decode(value.subarray(0, room), { stream: true });
        received = maxBytes;
        truncated = true;
        break;
      }
      text += decoder.decode(value, { stream: true });
      received += value.byteLength;
    }
    text += decoder.decode();
  } catch {
    failed = true;
    text += decoder.decode();
  }
  if (reader) {
    // Tell the source to stop sending; do not wait for it to agree.
    if (truncated || failed) reader.cancel().catch(() => undefined);
    try {
      reader.releaseLock();
    } catch {
      // A pending read may still hold the lock after a failure.
    }
  }
  return { text, truncated, failed };
}

/** A Uint8Array from any realm. */
function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}
