import type { Conflict } from '../conflict';
import type { RequestSummary } from './summarizeRequest';

/** Everything a reader may look at; built once per response by `classifyConflict`. */
export interface ReaderContext {
  /** HTTP status of the response. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Headers;
  /** Media type without parameters, lower-case (`application/problem+json`), `''` when absent. */
  readonly contentType: string;
  /** The body parsed as JSON (any JSON value, including `null`), or `undefined` when it is not JSON. */
  readonly body: unknown;
  /** The body text, at most the read limit (1 MiB by default); `''` when not read. */
  readonly text: string;
  /** `true` when the body was longer than the limit and was cut off. */
  readonly truncated: boolean;
  /** `true` when the body could not be read (already used, or the stream failed). */
  readonly bodyUnavailable: boolean;
  /** What was sent: method, URL, preconditions, Idempotency-Key, create or edit. */
  readonly request: RequestSummary;
  /** Milliseconds since the epoch when classifying (for `Retry-After` dates). */
  readonly now: number;
}

/**
 * Recognises one server dialect: returns the conflict it sees in the
 * response, or `undefined` to let the next reader try. Must not throw; a
 * reader that throws is skipped.
 */
export type ConflictReader = (ctx: ReaderContext) => Conflict | undefined;
