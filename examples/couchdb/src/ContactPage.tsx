import { StaleBanner, useDraft, useGuardedSave, useVersionedQuery, type RecordHandle } from 'conflict-kit';
import { couchdbMerge } from 'conflict-kit/couchdb';
import type { ReactNode } from 'react';
import { contactQuery, type Contact } from './db';

const FIELDS = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
] as const;

export function ContactPage({ id }: { id: string }): ReactNode {
  const contact = useVersionedQuery(contactQuery(id));
  if (contact.isError) return <p role="alert">Contact {id} could not be loaded.</p>;
  if (!contact.data) return <p>Loading…</p>;
  return (
    <>
      <h1>{contact.data.name}</h1>
      <ContactForm key={id} record={contact.record} initial={contact.data} />
    </>
  );
}

function ContactForm({ record, initial }: { record: RecordHandle; initial: Contact }): ReactNode {
  const draft = useDraft({ record, initial });
  const save = useGuardedSave<Contact>({ record, draft, merge: couchdbMerge });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(draft.draft);
      }}
    >
      <StaleBanner record={record} />
      {FIELDS.map(([field, label]) => (
        <p key={field}>
          <label>
            {label} <input value={draft.draft[field]} onChange={(event) => draft.setDraft((c) => ({ ...c, [field]: event.target.value }))} />
          </label>
        </p>
      ))}
      <button disabled={save.isPending}>Save</button>
      <output>{save.isSuccess ? `Last save: ${save.data.outcome}` : save.isError ? save.error.message : ''}</output>
    </form>
  );
}
