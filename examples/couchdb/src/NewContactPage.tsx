import { useDraft, useIdempotentCreate } from 'conflict-kit';
import type { ReactNode } from 'react';
import { contactUrl, type Contact } from './db';
import { navigate } from './router';

type NewContact = Omit<Contact, '_rev'>;

const EMPTY: NewContact = { _id: '', name: '', email: '', phone: '' };

/** The app's page of a document the kit names by its URL (`…/contacts/ana-lima`). */
const pageOf = (url: string | undefined): string => `/contacts/${url?.split('/').pop() ?? ''}`;

export function NewContactPage(): ReactNode {
  const draft = useDraft({ key: 'contacts/new', initial: EMPTY, storage: 'session' });
  const create = useIdempotentCreate<Contact, NewContact>({
    // CouchDB creates with PUT /db/{id}; the kit adds If-None-Match: * and reads the document back.
    url: (contact) => contactUrl(contact._id),
    method: 'PUT',
    intent: (contact) => `contacts/new:${contact._id}`,
    draft,
    existingHref: (conflict) => pageOf(conflict.existing),
    onSuccess: (result) => {
      if (result.outcome === 'created') navigate(pageOf(result.location ?? contactUrl(result.read ? result.value._id : draft.draft._id)));
      if (result.outcome === 'duplicate' && result.action === 'view-existing') navigate(pageOf(result.conflict.existing));
    },
  });
  const field = (name: keyof NewContact, label: string): ReactNode => (
    <p>
      <label>
        {label} <input value={draft.draft[name]} onChange={(event) => draft.setDraft((c) => ({ ...c, [name]: event.target.value }))} />
      </label>
    </p>
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(draft.draft);
      }}
    >
      <h1>New contact</h1>
      {field('_id', 'Contact ID')}
      {field('name', 'Name')}
      {field('email', 'Email')}
      <button disabled={create.isPending}>Create contact</button>
      {create.isError && <p role="alert">{create.error.message}</p>}
    </form>
  );
}
