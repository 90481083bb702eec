import { checkPreconditions, problemResponse, PROBLEM_REASONS, PROBLEM_TYPES } from '../../src/server';

/**
 * Preconditions of a create (RFC 9110 §13.1 applies to every method): the
 * resource a create makes does not exist yet, so `If-Match` can never hold
 * (412), not even `If-Match: *` (§13.1.1), while `If-None-Match: *` holds
 * unless the thing already exists (see {@link wantsOnlyIfAbsent}). Returns
 * the response to send (400 for a malformed header, 412), or `null`.
 */
export function createPreconditionProblem(request: Request, requestId: string): Response | null {
  const malformed = checkPreconditions(request, null, { requestId, require: false });
  if (malformed?.status === 400) return malformed;
  if (request.headers.get('if-match') === null) return null;
  return problemResponse({
    status: 412,
    type: PROBLEM_TYPES.preconditionFailed,
    title: 'Precondition Failed',
    detail:
      'If-Match names a version of an existing resource, but this request creates a new one, so it cannot match and nothing was created. Send the create without If-Match.',
    reason: PROBLEM_REASONS.preconditionFailed,
    requestId,
  });
}

/** True when the request says `If-None-Match: *`: create only if the thing does not exist yet. */
export function wantsOnlyIfAbsent(request: Request): boolean {
  return request.headers.get('if-none-match')?.trim() === '*';
}
