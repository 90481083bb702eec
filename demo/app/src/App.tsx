import { useEffect, type MouseEvent, type ReactNode } from 'react';
import { ConflictDialogs, ConflictKitStringsProvider, ConflictNotices } from '../../../src/ui/index';
import { AppHeader } from './components/AppHeader';
import { demoStrings } from './demoStrings';
import { fieldLabel } from './fieldLabel';
import { DocumentEditPage } from './pages/DocumentEditPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { InsightsPage } from './pages/InsightsPage';
import { NewOrderPage } from './pages/NewOrderPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { TicketEditPage } from './pages/TicketEditPage';
import { TicketsPage } from './pages/TicketsPage';
import { matchRoute, type Route } from './router/matchRoute';
import { navigate } from './router/navigate';
import { usePathname } from './router/usePathname';

function Redirect({ to }: { readonly to: string }): ReactNode {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Page({ route }: { readonly route: Route }): ReactNode {
  switch (route.page) {
    case 'home':
      return <Redirect to="/tickets" />;
    case 'tickets':
      return <TicketsPage />;
    case 'ticket':
      return <TicketEditPage key={route.id} id={route.id} />;
    case 'orders':
      return <OrdersPage />;
    case 'new-order':
      return <NewOrderPage />;
    case 'order':
      return <OrderPage key={route.id} id={route.id} />;
    case 'documents':
      return <DocumentsPage />;
    case 'document':
      return <DocumentEditPage key={route.id} id={route.id} />;
    case 'insights':
      return <InsightsPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
    default:
      return route satisfies never;
  }
}

/**
 * Links in the kit's dialogs (the existing order's name in "already created")
 * move the app without a reload: after the kit has taken the answer, a plain
 * left click on an app path is handed to the router.
 */
function followInApp(event: MouseEvent): void {
  const href = (event.target as Element).closest('a')?.getAttribute('href');
  if (!href || !/^\/(?!\/)/.test(href) || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

/** The demo: a header with navigation and the operator picker, the page, and the kit's dialogs and notices. */
export function App(): ReactNode {
  const route = matchRoute(usePathname());
  const section = route.page === 'ticket' ? 'tickets' : route.page === 'order' || route.page === 'new-order' ? 'orders' : route.page === 'document' ? 'documents' : route.page;
  return (
    <ConflictKitStringsProvider strings={demoStrings}>
      <AppHeader section={section} />
      <main className="demo-main" id="main">
        <Page route={route} />
      </main>
      <div className="demo-toasts">
        <ConflictNotices />
      </div>
      {/* Not an interactive element: it only hands link clicks bubbling up to the router (Enter on a link clicks it). */}
      <div onClick={followInApp}>
        <ConflictDialogs label={(conflict) => fieldLabel(conflict.path)} />
      </div>
    </ConflictKitStringsProvider>
  );
}
