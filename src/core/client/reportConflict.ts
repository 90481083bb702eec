import type { Conflict } from '../conflict';
import type { RequestInfo } from '../errors';
import { newConflictId } from '../telemetry/conflictTelemetry';
import type { ClientContext } from './clientContext';
import { classifyFailure } from './classifyFailure';
import type { Sent } from './sendRequest';

/** A reason as events carry it: the server's machine code when it looks like one, else the conflict's kind. */
function reasonOf(conflict: Conflict): string {
  const { reason } = conflict;
  return reason !== undefined && /^[\w.:-]{1,64}$/.test(reason) ? reason : conflict.kind;
}

/**
 * Stamps a conflict with its lifecycle id and the write's trace id, and
 * reports it as detected.
 * @internal
 */
export function reportConflict(ctx: ClientContext, classified: Conflict, info: RequestInfo, traceId: string | undefined, conflictId: string | undefined): Conflict {
  const conflict: Conflict = { ...classified, conflictId: conflictId ?? newConflictId(), ...(traceId !== undefined ? { traceId } : {}) };
  const { telemetry } = ctx;
  if (telemetry.active) {
    telemetry.emit(telemetry.baseOf(conflict, info.url), {
      type: 'conflict.detected',
      reason: reasonOf(conflict),
      status: conflict.status,
      method: conflict.method ?? info.method ?? 'unknown',
    });
  }
  return conflict;
}

/**
 * The conflict a refused write got, classified, stamped and reported; throws
 * the `HttpError` when the status is a plain failure.
 * @internal
 */
export async function detectConflict(ctx: ClientContext, sent: Sent, info: RequestInfo, conflictId: string | undefined): Promise<Conflict> {
  const classified = await classifyFailure(sent.response, sent.request, info, ctx.readers ? { readers: ctx.readers } : {});
  return reportConflict(ctx, classified, info, sent.traceId, conflictId);
}
