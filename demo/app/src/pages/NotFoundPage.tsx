import type { ReactNode } from 'react';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

/** Props of {@link NotFoundPage}. */
export interface NotFoundPageProps {
  readonly path: string;
  /**
   * What was not found, for a record that does not exist.
   * @default 'page'
   */
  readonly what?: string;
}

/** A friendly dead end with the ways back. */
export function NotFoundPage({ path, what = 'page' }: NotFoundPageProps): ReactNode {
  usePageTitle('Not found');
  return (
    <section className="demo-panel demo-empty" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Nothing here</h1>
      <p>
        There is no {what} at <code>{path}</code>. It may have been mistyped, or it never existed.
      </p>
      <p>
        Go to <Link to="/tickets">Tickets</Link>, <Link to="/orders">Orders</Link> or <Link to="/documents">Documents</Link>.
      </p>
    </section>
  );
}
