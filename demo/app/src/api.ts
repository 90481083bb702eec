import type { DocumentRecord, Order, Ticket } from '../../server/demoStore';
import { HttpError } from '../../../src/core/index';
import { demoFetch } from './demoFetch';
import { currentOperator } from './operator';

export type { DocumentRecord, Order, Ticket };
export type { OrderState } from '../../server/orderStateMachine';
export type { TicketStatus } from '../../server/demoStore';

/** Headers every request of this tab carries: who is acting. */
export function actorHeaders(): Record<string, string> {
  return { 'X-Actor': currentOperator() };
}

/** The URL of one record in the API. */
export const apiUrl = {
  ticket: (id: string) => `/api/tickets/${encodeURIComponent(id)}`,
  order: (id: string) => `/api/orders/${encodeURIComponent(id)}`,
  orderTransitions: (id: string) => `/api/orders/${encodeURIComponent(id)}/transitions`,
  document: (id: string) => `/api/documents/${encodeURIComponent(id)}`,
} as const;

/** The registry key of a record: `tickets/T-1001`, the same the server's change events name. */
export function recordKey(resource: 'tickets' | 'orders' | 'documents', id: string): string {
  return `${resource}/${id}`;
}

/** Reads a list (`{ items }`) for the index pages; lists are not versioned. */
export async function fetchList<T>(resource: 'tickets' | 'orders' | 'documents', signal?: AbortSignal): Promise<T[]> {
  const response = await demoFetch(`/api/${resource}`, { headers: actorHeaders(), ...(signal ? { signal } : {}) });
  if (!response.ok) throw new HttpError(response.status, { method: 'GET', url: `/api/${resource}` }, response.statusText || undefined, response.headers.get('x-request-id') ?? undefined);
  const body = (await response.json()) as { items: T[] };
  return body.items;
}
