/**
 * Thrown by the demo app (in-process) when fault injection drops a response
 * after the write committed. It is a `TypeError`, as `fetch` rejects on a
 * network failure, so client code treats it exactly like a lost connection.
 * On Node, `startServer` turns it into a destroyed socket instead.
 */
export class ResponseDroppedError extends TypeError {
  override readonly name = 'ResponseDroppedError';
  /** The status of the response that was committed but never delivered. */
  readonly droppedStatus: number;

  constructor(method: string, url: string, droppedStatus: number) {
    super(
      `Failed to fetch: the response to ${method} ${url} was dropped after the write committed (fault injection, X-Fault: drop-response-after-commit).`,
    );
    this.droppedStatus = droppedStatus;
  }
}
