import type { FormEvent, ReactNode } from 'react';
import type { RecordMergeOptions } from '../../../../src/core/index';
import { useDraft, useGuardedSave, useVersionedQuery, type RecordVersion } from '../../../../src/react/index';
import { apiUrl, recordKey, type Ticket, type TicketStatus } from '../api';
import { FreshnessBadge } from '../components/FreshnessBadge';
import { LoadState } from '../components/LoadState';
import { RecordStaleBanner } from '../components/RecordStaleBanner';
import { SaveStatus } from '../components/SaveStatus';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { TICKET_STATUS_OPTIONS } from '../ticketStatus';
import { usePageTitle } from '../usePageTitle';

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
  const query = useVersionedQuery<Ticket>({ url: apiUrl.ticket(id), key: recordKey('tickets', id) });
  if (query.data === undefined) return <LoadState what={`ticket ${id}`} path={`/tickets/${id}`} error={query.error} />;
  return <TicketForm ticket={query.data} registryKey={query.registryKey} version={query.version} refetch={query.refetch} />;
}

interface TicketFormProps {
  readonly ticket: Ticket;
  readonly registryKey: string;
  readonly version: RecordVersion;
  readonly refetch: () => unknown;
}

function TicketForm({ ticket, registryKey, version, refetch }: TicketFormProps): ReactNode {
  const url = apiUrl.ticket(ticket.id);
  const draft = useDraft<Ticket>(registryKey, { initial: ticket, storage: 'session' });
  const saving = useGuardedSave<Ticket>({ url, draft, merge: TICKET_MERGE });
  const values = draft.draft;
  const edit = (patch: Partial<Ticket>): void => draft.setDraft((previous) => ({ ...previous, ...patch }));
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void saving.save(draft.draft);
  };
  const busy = saving.status === 'saving' || saving.status === 'resolving';
  return (
    <section className="demo-panel" aria-labelledby="ticket-title">
      <p className="demo-breadcrumb">
        <Link to="/tickets">Tickets</Link> / {ticket.id}
      </p>
      <div className="demo-record-head">
        <h1 id="ticket-title">Ticket {ticket.id}</h1>
        <FreshnessBadge freshness={version.freshness} validator={version.validator} />
      </div>
      <p className="demo-muted">
        Last changed by {operatorLabel(ticket.updatedBy)} at <time dateTime={ticket.updatedAt}>{new Date(ticket.updatedAt).toLocaleString()}</time>
      </p>
      <RecordStaleBanner recordKey={registryKey} dirty={draft.dirty} discard={draft.discard} refetch={refetch} />
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
        <div className="demo-actions">
          <button type="submit" className="demo-button demo-button-primary" disabled={busy}>
            Save
          </button>
          {draft.dirty ? (
            <button type="button" className="demo-button" onClick={draft.discard} disabled={busy}>
              Discard changes
            </button>
          ) : null}
          <SaveStatus id="ticket-save-status" status={saving.status} error={saving.error} dirty={draft.dirty} />
        </div>
      </form>
    </section>
  );
}
