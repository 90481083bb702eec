import { describeRequestSync, type SentRequest } from './readers/describeRequest';
import { NOTHING_KNOWN, type RequestSummary } from './readers/summarizeRequest';

/**
 * True when a response status means a conflict worth classifying: 409, 412,
 * 428, 404/410 on an edit, and 422 when an Idempotency-Key was sent.
 *
 * Kept apart from {@link classifyConflict} so the client can decide
 * synchronously and load the classifier only when a conflict happens.
 */
export function isConflictResponse(status: number, request?: Request | SentRequest): boolean {
  // Most answers are settled by their status alone: the request (perhaps a large body) is read only for these.
  if (status !== 404 && status !== 410 && status !== 422) return isConflictFor(status, NOTHING_KNOWN);
  let summary: RequestSummary;
  try {
    summary = describeRequestSync(request);
  } catch {
    // Nothing known of the request: only the statuses that are conflicts whatever was sent count.
    summary = NOTHING_KNOWN;
  }
  return isConflictFor(status, summary);
}

/**
 * {@link isConflictResponse} for a caller that already knows what it sent (the client).
 * @internal
 */
export function isConflictFor(status: number, request: RequestSummary): boolean {
  if (status === 409 || status === 412 || status === 428) return true;
  if (status === 422) return request.idempotencyKey !== undefined;
  return (status === 404 || status === 410) && request.isEdit;
}
