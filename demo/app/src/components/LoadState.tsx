import type { ReactNode } from 'react';
import { HttpError } from '../../../../src/core/index';
import { failureMessage } from '../failureMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { SupportDetails } from './SupportDetails';

/** Props of {@link LoadState}. */
export interface LoadStateProps {
  /** What is loading, for the messages ("ticket T-1001"). */
  readonly what: string;
  readonly path: string;
  readonly error: Error | null;
}

/** The loading line, a not-found page for a 404, or the load error with a way to retry. */
export function LoadState({ what, path, error }: LoadStateProps): ReactNode {
  if (error === null) {
    return (
      <p className="demo-panel" role="status">
        Loading {what}…
      </p>
    );
  }
  if (error instanceof HttpError && (error.status === 404 || error.status === 410)) return <NotFoundPage path={path} what={what} />;
  return (
    <section className="demo-panel" role="alert">
      <h1>Couldn't load {what}</h1>
      <p>The reason: {failureMessage(error)}.</p>
      <button type="button" className="demo-button" onClick={() => window.location.reload()}>
        Try again
      </button>
      <SupportDetails error={error} />
    </section>
  );
}
