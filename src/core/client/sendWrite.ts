import type { ClientContext } from './clientContext';
import type { Sent, SendInit } from './sendRequest';

/** Sends a guarded write with its `traceparent`, ending its trace when the answer (or the failure) comes. @internal */
export async function sendWrite(ctx: ClientContext, method: string, target: string, init: SendInit, conflictId: string | undefined): Promise<Sent> {
  const trace = ctx.startWrite(method, target, conflictId);
  let sent: Sent;
  try {
    sent = await ctx.send(method, target, { ...init, traceparent: trace.traceparent });
  } catch (error) {
    trace.end(undefined);
    throw error;
  }
  trace.end(sent.response.status);
  return sent;
}
