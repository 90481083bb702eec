import { compact } from '../readers/bodyMembers';
import { newTraceparent } from '../telemetry/traceparent';
import type { ClientContext } from './clientContext';
import type { Sent, SendInit } from './sendRequest';

/**
 * Sends a guarded write with its `traceparent`: the tracer's span context,
 * a random one without a tracer, none with `tracer: false`; the trace ends
 * with the answer's status, or `undefined` when none came.
 * @internal
 */
export async function sendWrite(ctx: ClientContext, method: string, target: string, init: SendInit, conflictId: string | undefined): Promise<Sent> {
  const { tracer } = ctx;
  const trace = tracer ? tracer.startWrite({ method, resource: ctx.resourceOf(target), ...compact({ conflictId }) }) : undefined;
  let sent: Sent;
  try {
    sent = await ctx.send(method, target, { ...init, traceparent: tracer === false ? undefined : (trace?.traceparent ?? newTraceparent()) });
  } catch (error) {
    trace?.end(undefined);
    throw error;
  }
  trace?.end(sent.response.status);
  return sent;
}
