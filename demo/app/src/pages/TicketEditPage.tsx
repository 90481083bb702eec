import type { ReactNode } from 'react';
import type { RecordMergeOptions } from '../../../../src/index';
import { useVersionedQuery, type RecordHandle } from '../../../../src/react/index';
import type { Ticket, TicketStatus } from '../api';
import { DraftFormActions } from '../components/DraftFormActions';
import { LoadState } from '../components/LoadState';
import { ticketQuery } from '../queries';
import { RecordHead } from '../components/RecordHead';
import { RecordStaleBanner } from '../components/RecordStaleBanner';
import { TICKET_STATUS_OPTIONS } from '../ticketStatus';
import { usePageTitle } from '../usePageTitle';
import { useRecordForm } from '../useRecordForm';

/** Tickets merge field by field; the description merges line by line; the server owns the rest. */
const TICKET_MERGE: RecordMergeOptions = {
  text: ['/description'],
  ignore: ['/id', '/version', '/updatedBy', '/updatedAt'],
};

/** Props of {@link TicketEditPage}. */
export interface TicketEditPageProps {
  readonly id: string;
}

/** Edits one ticket under its version: stale writes merge, or open the merge dialog. */
export function TicketEditPage({ id }: TicketEditPageProps): ReactNode {
  usePageTitle(`Ticket ${id}`);
  const query = useVersionedQuery(ticketQuery(id));
  if (query.data === undefined) return <LoadState what={`ticket ${id}`} path={`/tickets/${id}`} error={query.error} />;
  return <TicketForm ticket={query.data} record={query.record} refetch={query.refetch} />;
}

interface TicketFormProps {
  readonly ticket: Ticket;
  readonly record: RecordHandle;
  readonly refetch: () => unknown;
}

function TicketForm({ ticket, record, refetch }: TicketFormProps): ReactNode {
  const { draft, save, onSubmit, busy } = useRecordForm<Ticket>({ record, initial: ticket, merge: TICKET_MERGE });
  const values = draft.draft;
  const edit = (patch: Partial<Ticket>): void => draft.setDraft((previous) => ({ ...previous, ...patch }));
  return (
    <section className="demo-panel" aria-labelledby="ticket-title">
      <RecordHead
        list={{ to: '/tickets', label: 'Tickets' }}
        id={ticket.id}
        headingId="ticket-title"
        heading={`Ticket ${ticket.id}`}
        record={record}
        updated={{ by: ticket.updatedBy, at: ticket.updatedAt, version: ticket.version }}
      />
      <RecordStaleBanner record={record} discard={draft.discard} refetch={refetch} />
      <form className="demo-form" onSubmit={onSubmit} aria-describedby="ticket-save-status">
        <label className="demo-field">
          <span>Title</span>
          <input value={values.title} required maxLength={200} onChange={(event) => edit({ title: event.target.value })} />
        </label>
        <div className="demo-row">
          <label className="demo-field">
            <span>Status</span>
            <select value={values.status} onChange={(event) => edit({ status: event.target.value as TicketStatus })}>
              {TICKET_STATUS_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <label className="demo-field">
            <span>Assignee</span>
            <input
              value={values.assignee ?? ''}
              maxLength={64}
              placeholder="unassigned"
              onChange={(event) => edit({ assignee: event.target.value.trim() === '' ? null : event.target.value })}
            />
          </label>
        </div>
        <label className="demo-field">
          <span>Description</span>
          <textarea value={values.description} rows={10} onChange={(event) => edit({ description: event.target.value })} />
        </label>
        <DraftFormActions statusId="ticket-save-status" draft={draft} save={save} busy={busy} />
      </form>
    </section>
  );
}
