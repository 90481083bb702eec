import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConflictDialogs, ConflictKitProvider, ConflictNotices } from 'conflict-kit';
import 'conflict-kit/styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ContactList } from './ContactList';
import { ContactPage } from './ContactPage';
import { changes, conflicts } from './db';
import { NewContactPage } from './NewContactPage';
import { Link, usePath } from './router';

const queryClient = new QueryClient();

function Page(): ReactNode {
  const path = usePath();
  const contact = /^\/contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return <ContactPage id={decodeURIComponent(contact[1])} />;
  if (path === '/new') return <NewContactPage />;
  return <ContactList />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider client={conflicts} sources={[changes]} onChange={() => queryClient.invalidateQueries({ queryKey: ['contacts'] })}>
        <nav>
          <Link to="/">Contacts</Link> · <Link to="/new">New contact</Link>
        </nav>
        <main>
          <Page />
        </main>
        <ConflictDialogs />
        <ConflictNotices />
      </ConflictKitProvider>
    </QueryClientProvider>
  </StrictMode>,
);
