import { useState, type FormEvent, type ReactNode } from 'react';
import type { FieldConflict, RecordMergeOptions } from '../../src/core/index';
import { useDraft, useGuardedSave, useStaleness, useVersionedQuery, type DraftStorage, type GuardedSave, type RecordHandle } from '../../src/react/index';
import { StaleBanner } from '../../src/ui/index';
import type { Ticket, TicketStatus } from '../../demo/server/demoStore';
import { memoryDraftStorage } from './live';

/** Tickets merge field by field; the description line by line; the server owns the rest. */
export const TICKET_MERGE: RecordMergeOptions = {
  text: ['/description'],
  ignore: ['/id', '/version', '/updatedBy', '/updatedAt'],
};

const LABELS: Readonly<Record<string, string>> = { title: 'Title', status: 'Status', assignee: 'Assignee', description: 'Description' };

/** A ticket field for people (`['title']` → "Title"), as the dialogs and the banner name it. */
export function ticketFieldLabel(path: readonly (string | number)[]): string {
  const head = path[0];
  const name = typeof head === 'string' ? (LABELS[head] ?? head) : '(record)';
  return path.length > 1 ? [name, ...path.slice(1)].join(' › ') : name;
}

/** {@link ticketFieldLabel} for the merge dialog's `label`. */
export const ticketConflictLabel = (conflict: FieldConflict): string => ticketFieldLabel(conflict.path);

const STATUSES: ReadonlyArray<readonly [TicketStatus, string]> = [
  ['open', 'Open'],
  ['in_progress', 'In progress'],
  ['resolved', 'Resolved'],
  ['closed', 'Closed'],
];

/** Props of {@link TicketEditor}. */
export interface TicketEditorProps {
  /** The ticket id (`T-1001`). */
  readonly id: string;
  /**
   * Where this client keeps drafts.
   * @default a fresh in-memory storage
   */
  readonly storage?: DraftStorage;
  /**
   * Show the long description field.
   * @default false
   */
  readonly withDescription?: boolean;
}

/** A small ticket form on the kit's hooks: versioned read, draft, guarded save, stale banner. */
export function TicketEditor({ id, storage, withDescription = false }: TicketEditorProps): ReactNode {
  const [ownStorage] = useState(() => storage ?? memoryDraftStorage());
  const query = useVersionedQuery<Ticket>({ url: `/api/tickets/${id}`, key: `tickets/${id}` });
  if (query.error) return <p role="alert">Could not load ticket {id}: {query.error.message}</p>;
  if (query.data === undefined) return <p>Loading ticket {id}…</p>;
  return <TicketForm ticket={query.data} record={query.record} storage={ownStorage} withDescription={withDescription} />;
}

interface TicketFormProps {
  readonly ticket: Ticket;
  readonly record: RecordHandle;
  readonly storage: DraftStorage;
  readonly withDescription: boolean;
}

function statusOf(save: GuardedSave<Ticket>, dirty: boolean): string {
  switch (save.status) {
    case 'pending':
      return save.isResolving ? 'Waiting for you to resolve the conflict…' : 'Saving…';
    case 'error':
      return `Not saved: ${save.error.message}`;
    case 'idle':
      return dirty ? 'Unsaved changes' : '';
    case 'success':
      break;
    default:
      return save satisfies never;
  }
  switch (save.data.outcome) {
    case 'saved':
    case 'merged':
      return dirty ? 'Unsaved changes' : 'Saved';
    case 'cancelled':
      return 'Merge cancelled; your edits are still here.';
    case 'problem':
    case 'refused':
      return 'Not saved.';
    default:
      return save.data satisfies never;
  }
}

function TicketForm({ ticket, record, storage, withDescription }: TicketFormProps): ReactNode {
  const draft = useDraft<Ticket>({ record, initial: ticket, storage });
  const save = useGuardedSave<Ticket>({ record, draft, merge: TICKET_MERGE });
  const values = draft.draft;
  const edit = (patch: Partial<Ticket>): void => draft.setDraft((previous) => ({ ...previous, ...patch }));
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    save.mutate(draft.draft);
  };
  const status = statusOf(save, draft.dirty);
  const { revalidate } = useStaleness({ record });
  const busy = save.isPending;
  return (
    <div className="story-ticket">
      <p className="story-muted">
        {ticket.id}, version {ticket.version}, last changed by {ticket.updatedBy}
      </p>
      <StaleBanner record={record} label={(_pointer, path) => ticketFieldLabel(path)} />
      <form onSubmit={onSubmit} className="story-form">
        <label>
          <span>Title</span>
          <input value={values.title} onChange={(event) => edit({ title: event.target.value })} />
        </label>
        <label>
          <span>Status</span>
          <select value={values.status} onChange={(event) => edit({ status: event.target.value as TicketStatus })}>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Assignee</span>
          <input value={values.assignee ?? ''} onChange={(event) => edit({ assignee: event.target.value === '' ? null : event.target.value })} />
        </label>
        {withDescription && (
          <label>
            <span>Description</span>
            <textarea rows={8} value={values.description} onChange={(event) => edit({ description: event.target.value })} />
          </label>
        )}
        <div className="story-actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={() => void revalidate()}>
            Check for changes
          </button>
          <span role="status" className="story-save-status">
            {status}
          </span>
        </div>
      </form>
    </div>
  );
}
