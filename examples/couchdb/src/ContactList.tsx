import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { contactListQuery } from './db';
import { Link } from './router';

export function ContactList(): ReactNode {
  const contacts = useQuery(contactListQuery);
  if (contacts.isError) return <p role="alert">{contacts.error.message}</p>;
  if (!contacts.data) return <p>Loading…</p>;
  return (
    <>
      <h1>Contacts</h1>
      <ul>
        {contacts.data.map((contact) => (
          <li key={contact._id}>
            <Link to={`/contacts/${encodeURIComponent(contact._id)}`}>{contact.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
