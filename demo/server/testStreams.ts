/** Test-only helpers that read server-sent events from a response body. */

/** One parsed SSE frame. */
export interface SseFrame {
  readonly raw: string;
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly data: unknown;
}

function parse(raw: string): SseFrame {
  let event: string | undefined;
  let id: string | undefined;
  const data: string[] = [];
  for (const line of raw.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return { raw, event, id, data: data.length > 0 ? (JSON.parse(data.join('\n')) as unknown) : undefined };
}

/** Reads frames from an event stream; counts the chunks the server wrote. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let chunks = 0;
  return {
    /** The next frame (a heartbeat comment comes back with no event). */
    async next(): Promise<SseFrame> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parse(frame);
        }
        const { done, value } = await reader.read();
        if (done) throw new Error('the event stream ended');
        chunks++;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next frame of type `event`, skipping heartbeats and others. */
    async nextOf(event: string): Promise<SseFrame> {
      for (;;) {
        const frame = await this.next();
        if (frame.event === event) return frame;
      }
    },
    /** Chunks read so far (one per write the server made to this stream). */
    get chunks() {
      return chunks;
    },
    /** True when the server ended the stream (reads until the end). */
    async ended(): Promise<boolean> {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
