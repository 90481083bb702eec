import type { Conflict } from '../conflict';
import type { RequestInfo } from '../errors';
import { compact } from '../readers/bodyMembers';
import { newConflictId } from '../telemetry/newConflictId';
import { sentTraceId } from '../telemetry/traceparent';
import type { ClientContext } from './clientContext';
import { classifyFailure } from './classifyFailure';
import type { Sent } from './sendRequest';

/**
 * Stamps a conflict with its lifecycle id and the write's trace id, and
 * reports it as detected, under `requestId` when given: the id of this very
 * request, where the body may name another (a replayed answer carries the
 * first request's).
 * @internal
 */
export function reportConflict(ctx: ClientContext, classified: Conflict, info: RequestInfo, traceId: string | undefined, conflictId: string | undefined, requestId?: string): Conflict {
  const conflict: Conflict = { ...classified, conflictId: conflictId ?? newConflictId(), ...compact({ traceId }) };
  ctx.events.report?.(conflict, { type: 'conflict.detected' }, info, requestId);
  return conflict;
}

/**
 * The conflict a refused write got, classified, stamped and reported; throws
 * the `HttpError` when the status is a plain failure.
 * @internal
 */
export async function detectConflict(ctx: ClientContext, sent: Sent, info: RequestInfo, conflictId: string | undefined): Promise<Conflict> {
  const classified = await classifyFailure(sent.response, sent.request, info, compact({ readers: ctx.readers }));
  return reportConflict(ctx, classified, info, sentTraceId(sent), conflictId, sent.response.headers.get('x-request-id') ?? undefined);
}
