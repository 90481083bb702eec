import { queryOptions } from '@tanstack/react-query';
import { createConflictClient, versionedQueryOptions } from 'conflict-kit';
import { couchdbChanges, couchdbOptions } from 'conflict-kit/couchdb';

/** The CouchDB database, on its own origin. */
export const DB: string = import.meta.env['VITE_COUCHDB_URL'] ?? 'http://127.0.0.1:5984/contacts';

/** A contact as CouchDB stores it: `_id` is chosen by whoever creates it, `_rev` is the version. */
export interface Contact {
  readonly _id: string;
  readonly _rev?: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/** One document's URL under the database. */
export const contactUrl = (id: string): string => `/${encodeURIComponent(id)}`;

// conflict-kit: the client (with `_rev` as the version) and CouchDB's _changes feed.
export const conflicts = createConflictClient({ baseUrl: DB, ...couchdbOptions });
export const changes = couchdbChanges({ db: DB });

export const contactQuery = (id: string) => versionedQueryOptions<Contact>({ url: contactUrl(id) });

export const contactListQuery = queryOptions({
  queryKey: ['contacts'],
  queryFn: async (): Promise<Contact[]> => {
    const response = await fetch(`${DB}/_all_docs?include_docs=true`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`Loading the contacts failed (${response.status}).`);
    const body = (await response.json()) as { rows: { doc: Contact }[] };
    return body.rows.map((row) => row.doc);
  },
});
