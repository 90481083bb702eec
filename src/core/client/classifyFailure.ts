import type { Conflict } from '../conflict';
import { classifyWithSummary, type ClassifyConflictOptions } from '../classifyConflict';
import type { RequestInfo } from '../errors';
import { httpErrorFromResponse } from '../httpErrorFromResponse';
import { isConflictFor } from '../isConflictResponse';
import { summarizeSent, type ClientRequest } from './sendRequest';

/**
 * The conflict a failed request got, classified; throws the `HttpError` when
 * the status is a plain failure (400, 401, 500, …) rather than a conflict,
 * and when a 422 turns out to be none (invalid fields, not a reused
 * Idempotency-Key): the app then shows what the server said of its fields.
 * @internal
 */
export async function classifyFailure(
  response: Response,
  request: ClientRequest,
  info: RequestInfo,
  options: Omit<ClassifyConflictOptions, 'request'>,
): Promise<Conflict> {
  const summary = summarizeSent(request);
  if (!isConflictFor(response.status, summary)) throw await httpErrorFromResponse(response, info);
  const unprocessable = response.status === 422 ? response.clone() : undefined;
  const conflict = await classifyWithSummary(response, summary, options);
  if (unprocessable && conflict.kind === 'unknown') throw await httpErrorFromResponse(unprocessable, info);
  return conflict;
}
