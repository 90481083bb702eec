import { useEffect, useRef, type ReactNode } from 'react';
import type { ConflictBase } from '../core/conflict';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** Props of {@link SupportDetails}. @internal */
export interface SupportDetailsProps {
  /** The conflict whose details support may need. */
  readonly conflict: ConflictBase & { readonly kind: string };
  readonly strings: Pick<ConflictKitStrings, 'supportDetails' | 'requestId' | 'traceId' | 'reasonCode' | 'serverMessage'>;
}

/**
 * What support needs to find a conflict in the server's logs, kept out of
 * the message itself: a closed disclosure with the request id, the trace
 * id of the write, the reason code and the server's own words, and one line in the console with the
 * request and the answer (method, URL, status), which end-user text never names.
 * @internal
 */
export function SupportDetails({ conflict, strings }: SupportDetailsProps): ReactNode {
  const logged = useRef(false);
  useEffect(() => {
    // Once per dialog, though StrictMode runs the effect twice.
    if (logged.current) return;
    logged.current = true;
    const request = [conflict.method, conflict.url].filter(Boolean).join(' ');
    const facts = [
      conflict.reason && `reason ${conflict.reason}`,
      conflict.requestId && `request id ${conflict.requestId}`,
      conflict.traceId && `trace id ${conflict.traceId}`,
    ]
      .filter(Boolean)
      .join(', ');
    console.info(`[conflict-kit] ${conflict.kind} conflict${request ? ` on ${request}` : ''}: the server answered ${conflict.status}${facts ? ` (${facts})` : ''}.`);
  }, [conflict]);
  const lines = [
    conflict.requestId === undefined ? undefined : strings.requestId(conflict.requestId),
    conflict.traceId === undefined ? undefined : strings.traceId(conflict.traceId),
    conflict.reason === undefined ? undefined : strings.reasonCode(conflict.reason),
    conflict.detail === undefined ? undefined : strings.serverMessage(conflict.detail),
  ].filter((line): line is string => line !== undefined);
  if (lines.length === 0) return null;
  return (
    <details className="ck-support">
      <summary>{strings.supportDetails}</summary>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </details>
  );
}
