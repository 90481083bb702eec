import { describeRequestSync, type SentRequest } from './readers/describeRequest';

/**
 * True when a response status means a conflict worth classifying: 409, 412,
 * 428, 404/410 on an edit, and 422 when an Idempotency-Key was sent.
 *
 * Kept apart from {@link classifyConflict} so the client can decide
 * synchronously and load the classifier only when a conflict happens.
 */
export function isConflictResponse(status: number, request?: Request | SentRequest): boolean {
  if (status === 409 || status === 412 || status === 428) return true;
  if (status !== 404 && status !== 410 && status !== 422) return false;
  try {
    const summary = describeRequestSync(request);
    return status === 422 ? summary.idempotencyKey !== undefined : summary.isEdit;
  } catch {
    return false;
  }
}
