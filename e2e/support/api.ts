import type { APIRequestContext } from '@playwright/test';
import type { DocumentRecord, Order, Ticket } from '../../demo/server/demoStore';

export type { DocumentRecord, Order, Ticket };

/** Requests the tests make to set up and check data, as a third actor. */
const SETUP = { 'X-Actor': 'e2e-setup' } as const;

let counter = 0;

/** A unique token for ids and titles, so tests never share a record. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid.toString(36)}-${counter}`;
}

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  if (!response.ok()) throw new Error(`${response.url()} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates a ticket of its own for one test. */
export async function createTicket(request: APIRequestContext, fields: Partial<Pick<Ticket, 'title' | 'status' | 'assignee' | 'description'>> = {}): Promise<Ticket> {
  return json<Ticket>(
    await request.post('/api/tickets', {
      headers: SETUP,
      data: { title: fields.title ?? unique('Ticket'), description: fields.description ?? '', ...fields },
    }),
  );
}

/** The ticket as the server holds it now. */
export async function getTicket(request: APIRequestContext, id: string): Promise<Ticket> {
  return json<Ticket>(await request.get(`/api/tickets/${id}`, { headers: SETUP }));
}

/** Creates a document of its own for one test. */
export async function createDocument(request: APIRequestContext, content: string): Promise<DocumentRecord> {
  return json<DocumentRecord>(await request.post('/api/documents', { headers: SETUP, data: { title: unique('Document'), content } }));
}

/** The document as the server holds it now. */
export async function getDocument(request: APIRequestContext, id: string): Promise<DocumentRecord> {
  return json<DocumentRecord>(await request.get(`/api/documents/${id}`, { headers: SETUP }));
}

/** Places an order of its own for one test. */
export async function createOrder(request: APIRequestContext, externalId = unique('ext')): Promise<Order> {
  return json<Order>(
    await request.post('/api/orders', {
      headers: { ...SETUP, 'Idempotency-Key': unique('setup-key') },
      data: { externalId, items: [{ sku: 'SKU-E2E-1', quantity: 1 }] },
    }),
  );
}

/** Moves an order along its workflow, as another system would. */
export async function transitionOrder(request: APIRequestContext, id: string, to: Order['state']): Promise<Order> {
  return json<Order>(await request.post(`/api/orders/${id}/transitions`, { headers: SETUP, data: { to } }));
}

/** Every order with this external id (exactly one is the goal). */
export async function ordersWithExternalId(request: APIRequestContext, externalId: string): Promise<Order[]> {
  const { items } = await json<{ items: Order[] }>(await request.get('/api/orders', { headers: SETUP }));
  return items.filter((order) => order.externalId === externalId);
}
