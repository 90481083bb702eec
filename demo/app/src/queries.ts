import { versionedQueryOptions } from '../../../src/react/index';
import { apiUrl, recordKey, type DocumentRecord, type Order, type Ticket } from './api';

// One factory per record: the same options serve useVersionedQuery, a plain
// useQuery and a prefetch. The registry key is the id the server's change events name.

/** The query of one ticket. */
export const ticketQuery = (id: string) => versionedQueryOptions<Ticket>({ url: apiUrl.ticket(id), key: recordKey('tickets', id) });

/** The query of one order. */
export const orderQuery = (id: string) => versionedQueryOptions<Order>({ url: apiUrl.order(id), key: recordKey('orders', id) });

/** The query of one document. */
export const documentQuery = (id: string) => versionedQueryOptions<DocumentRecord>({ url: apiUrl.document(id), key: recordKey('documents', id) });
