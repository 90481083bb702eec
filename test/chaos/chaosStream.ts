/**
 * A browser's EventSource, as far as the chaos run needs it (Node 20 has
 * none): follows `GET /api/events`, reconnects after a drop with the last
 * event id it saw in `Last-Event-ID`, and hands every change to `onChange`.
 */

/** One `change` event with its id (the server's change sequence). */
export interface StreamedChange {
  readonly seq: number;
  readonly data: Record<string, unknown>;
}

/** A running follower. */
export interface ChangeFollower {
  /** The position of the first `ready` event: every later change must arrive. */
  readonly start: Promise<number>;
  /** The last event id seen. */
  readonly lastSeq: number;
  /** How many times the stream was opened again after a drop. */
  readonly reconnects: number;
  stop(): void;
}

/** Options for {@link followChanges}. */
export interface FollowOptions {
  /**
   * Reconnect with `Last-Event-ID`, as EventSource does; `false` only to prove the chaos checks notice the loss.
   * @default true
   */
  readonly resume?: boolean;
  /**
   * Wait between reconnect attempts, in ms.
   * @default 100
   */
  readonly retryMs?: number;
}

/** Follows the change feed at `url`, reconnecting while the server is away. */
export function followChanges(url: string, onChange: (change: StreamedChange) => void, options: FollowOptions = {}): ChangeFollower {
  const retryMs = options.retryMs ?? 100;
  const resume = options.resume ?? true;
  let lastSeq: number | undefined;
  let reconnects = 0;
  let stopped = false;
  let controller: AbortController | undefined;
  let resolveStart!: (seq: number) => void;
  const start = new Promise<number>((resolve) => {
    resolveStart = resolve;
  });

  const handle = (frame: string): void => {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (id === undefined) return;
    const seq = Number(id);
    if (event === 'ready') {
      if (lastSeq === undefined) resolveStart(seq);
      // A resumed stream starts where the client was; a fresh one where the feed is now.
      lastSeq = Math.max(lastSeq ?? seq, seq);
      return;
    }
    if (event !== 'change') return;
    lastSeq = seq;
    onChange({ seq, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  };

  const connect = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(url, {
          headers: lastSeq === undefined || !resume ? {} : { 'Last-Event-ID': String(lastSeq) },
          signal: controller.signal,
        });
        if (response.ok && response.body) {
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              handle(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          }
        } else {
          await response.body?.cancel();
        }
      } catch {
        // The instance is down or the connection broke: reconnect, as EventSource does.
      }
      if (stopped) return;
      reconnects++;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void connect();

  return {
    start,
    get lastSeq() {
      return lastSeq ?? 0;
    },
    get reconnects() {
      return reconnects;
    },
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
