import type { Conflict } from '../conflict';
import { classifyConflict, type ClassifyConflictOptions } from '../classifyConflict';
import type { RequestInfo } from '../errors';
import { httpErrorFromResponse } from '../httpErrorFromResponse';
import { isConflictResponse } from '../isConflictResponse';
import type { SentRequest } from '../readers/describeRequest';

/**
 * The conflict a failed request got, classified; throws the `HttpError` when
 * the status is a plain failure (400, 401, 500, …) rather than a conflict.
 * @internal
 */
export async function classifyFailure(
  response: Response,
  request: SentRequest,
  info: RequestInfo,
  options: Omit<ClassifyConflictOptions, 'request'>,
): Promise<Conflict> {
  if (!isConflictResponse(response.status, request)) throw await httpErrorFromResponse(response, info);
  return classifyConflict(response, { request, ...options });
}
