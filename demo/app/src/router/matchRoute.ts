/** The pages of the demo, with their path parameters. */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'tickets' }
  | { readonly page: 'ticket'; readonly id: string }
  | { readonly page: 'orders' }
  | { readonly page: 'new-order' }
  | { readonly page: 'order'; readonly id: string }
  | { readonly page: 'documents' }
  | { readonly page: 'document'; readonly id: string }
  | { readonly page: 'insights' }
  | { readonly page: 'not-found'; readonly path: string };

const ID = '([A-Za-z0-9][A-Za-z0-9._-]{0,63})';
const patterns: readonly [RegExp, (id: string) => Route][] = [
  [new RegExp(`^/tickets/${ID}$`), (id) => ({ page: 'ticket', id })],
  [new RegExp(`^/orders/${ID}$`), (id) => (id === 'new' ? { page: 'new-order' } : { page: 'order', id })],
  [new RegExp(`^/documents/${ID}$`), (id) => ({ page: 'document', id })],
];

/** Maps a path to a page; a trailing slash is ignored, anything unknown is `not-found`. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  switch (path) {
    case '/':
      return { page: 'home' };
    case '/tickets':
      return { page: 'tickets' };
    case '/orders':
      return { page: 'orders' };
    case '/documents':
      return { page: 'documents' };
    case '/insights':
      return { page: 'insights' };
  }
  for (const [pattern, toRoute] of patterns) {
    const match = pattern.exec(path);
    if (match?.[1] !== undefined) return toRoute(decodeURIComponent(match[1]));
  }
  return { page: 'not-found', path: pathname };
}
