import { queryOptions } from '@tanstack/react-query';
import { createConflictClient, versionedQueryOptions } from 'conflict-kit';

export interface Ticket {
  readonly id: string;
  readonly title: string;
  readonly status: 'open' | 'in_progress' | 'resolved' | 'closed';
  readonly assignee: string | null;
  readonly description: string;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface Order {
  readonly id: string;
  readonly externalId: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly state: string;
  readonly version: number;
}

/** Who this tab acts as (the reference server reads `X-Actor`); a real app sends its session instead. */
export const actor = (): string => sessionStorage.getItem('actor') ?? 'ana';

/** Created once, at module scope, like the QueryClient. */
export const conflicts = createConflictClient({ baseUrl: '/api', headers: () => ({ 'X-Actor': actor() }) });

export const ticketListQuery = queryOptions({
  queryKey: ['tickets'],
  queryFn: async (): Promise<Ticket[]> => ((await (await fetch('/api/tickets')).json()) as { items: Ticket[] }).items,
});

// `client` because loaders run before the provider renders.
export const ticketQuery = (id: string) => versionedQueryOptions<Ticket>({ url: `/tickets/${id}`, client: conflicts });
export const orderQuery = (id: string) => versionedQueryOptions<Order>({ url: `/orders/${id}`, client: conflicts });
