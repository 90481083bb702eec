import type { WriteTrace, WriteTracer } from '../conflictClientTypes';
import { newTraceparent } from '../telemetry/traceparent';

/** The trace of one write as the client uses it; `traceparent` is `undefined` when tracing is off. @internal */
export interface WriteInFlight {
  readonly traceparent: string | undefined;
  end(status: number | undefined): void;
}

const untraced: WriteInFlight = { traceparent: undefined, end: () => {} };

/**
 * Starts a write's trace with the app's tracer, or a random `traceparent`.
 * A tracer that throws costs the write its span, never the write itself.
 * @internal
 */
export function traceWrite(tracer: WriteTracer | false | undefined, method: string, resource: () => string, conflictId: string | undefined): WriteInFlight {
  if (tracer === false) return untraced;
  if (tracer === undefined) return { traceparent: newTraceparent(), end: untraced.end };
  let trace: WriteTrace;
  try {
    trace = tracer.startWrite({ method, resource: resource(), ...(conflictId !== undefined ? { conflictId } : {}) });
  } catch (error) {
    console.error('[conflict-kit] the tracer failed to start a write; sent with a random traceparent.', error);
    return { traceparent: newTraceparent(), end: untraced.end };
  }
  let ended = false;
  return {
    traceparent: typeof trace.traceparent === 'string' ? trace.traceparent : newTraceparent(),
    end: (status) => {
      if (ended) return;
      ended = true;
      try {
        trace.end(status);
      } catch (error) {
        console.error('[conflict-kit] the tracer failed to end a write.', error);
      }
    },
  };
}
