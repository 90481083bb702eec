import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConflictKitProvider, createConflictClient, HttpError, type RecordChange, type ServerChangeEvent } from '../../../src/index';
import { createTelemetrySender, subscribeConflictEvents } from '../../../src/telemetry/index';
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

// Conflict events (routes, kinds, counts; never a field's value) go to the server's collector, batched, and feed /insights.
const telemetry = createTelemetrySender({ url: '/api/telemetry' });

// Created once, like the QueryClient: every request of this tab says which operator acts.
const conflicts = createConflictClient({ fetch: demoFetch, headers: actorHeaders });
subscribeConflictEvents(conflicts, telemetry.send);

/** Someone else saved a record: the list that shows it reads again, if it is on screen. */
function refreshLists(change: RecordChange): void {
  const resource = change.key.split('/')[0];
  if (resource !== undefined && RESOURCES.has(resource)) void queryClient.invalidateQueries({ queryKey: ['list', resource] });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider client={conflicts} events={{ url: '/api/events', toKey: keyOfEvent }} onChange={refreshLists} revalidateInterval={30_000}>
        <App />
      </ConflictKitProvider>
    </QueryClientProvider>
  </StrictMode>,
);
