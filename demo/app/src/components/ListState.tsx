import type { ReactNode } from 'react';
import { failureMessage } from '../failureMessage';
import { SupportDetails } from './SupportDetails';

/** Props of {@link ListState}. */
export interface ListStateProps {
  /** What the list holds, in the plural: "tickets". */
  readonly what: string;
  readonly query: { readonly isPending: boolean; readonly isError: boolean; readonly error: Error | null };
}

/** Says that a list is loading, or why it could not be loaded; nothing once it has loaded. */
export function ListState({ what, query }: ListStateProps): ReactNode {
  return (
    <>
      {query.isPending ? <p role="status">Loading {what}…</p> : null}
      {query.isError && query.error ? (
        <div role="alert">
          <p>
            Couldn't load the {what}: {failureMessage(query.error)}. Reload the page to try again.
          </p>
          <SupportDetails error={query.error} />
        </div>
      ) : null}
    </>
  );
}
