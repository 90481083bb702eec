import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HttpError } from '../../../src/core/index';
import { ConflictKitProvider, type ServerChangeEvent } from '../../../src/react/index';
import '../../../src/ui/styles.css';
import { actorHeaders, recordKey } from './api';
import { App } from './App';
import { demoFetch } from './demoFetch';
import './layout.css';

const RESOURCES = new Set(['tickets', 'orders', 'documents']);

/** The server's change events name `{ resource, id }`; the demo keys records as `resource/id`. */
function keyOfEvent(event: ServerChangeEvent): string | undefined {
  const { resource, id } = event;
  if (typeof resource !== 'string' || typeof id !== 'string' || !RESOURCES.has(resource)) return undefined;
  return recordKey(resource as 'tickets' | 'orders' | 'documents', id);
}

const queryClient = new QueryClient({
  defaultOptions: {
    // The kit revalidates records itself (events, focus, reconnect); a 4xx is an answer, not a glitch.
    queries: {
      retry: (failures, error) => failures < 1 && !(error instanceof HttpError && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider
        clientOptions={{ fetch: demoFetch, headers: actorHeaders }}
        events={{ url: '/api/events', toKey: keyOfEvent }}
        revalidateInterval={30_000}
      >
        <App />
      </ConflictKitProvider>
    </QueryClientProvider>
  </StrictMode>,
);
