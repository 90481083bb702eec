import { useEffect, useRef, type ReactNode } from 'react';
import { HttpError } from '../../../../src/core/index';

/** Props of {@link SupportDetails}. */
export interface SupportDetailsProps {
  /** The failure behind the message on screen. */
  readonly error: Error | undefined;
}

/**
 * What support needs about a failure, kept out of the message: a closed
 * disclosure with the technical description and the request id, and the
 * error itself in the console.
 */
export function SupportDetails({ error }: SupportDetailsProps): ReactNode {
  const logged = useRef<Error>(undefined);
  useEffect(() => {
    // Once per failure, though StrictMode runs the effect twice.
    if (error === undefined || logged.current === error) return;
    logged.current = error;
    console.error('[demo] Failure shown to the user:', error);
  }, [error]);
  if (error === undefined) return null;
  const requestId = error instanceof HttpError ? error.requestId : undefined;
  return (
    <details className="demo-support">
      <summary>Details for support</summary>
      <ul>
        {requestId !== undefined ? <li>Request ID: {requestId}</li> : null}
        <li>{error.message}</li>
      </ul>
    </details>
  );
}
