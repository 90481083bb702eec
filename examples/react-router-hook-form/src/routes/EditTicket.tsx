import type { QueryClient } from '@tanstack/react-query';
import { guardedSave, StaleBanner, useVersionedQuery, type RecordHandle } from 'conflict-kit';
import { useFormDraft } from 'conflict-kit/react-hook-form';
import { useForm } from 'react-hook-form';
import { redirect, useActionData, useNavigation, useParams, useSubmit, type ActionFunctionArgs } from 'react-router';
import { ticketQuery, type Ticket } from '../api';

type TicketFields = Pick<Ticket, 'title' | 'status' | 'assignee' | 'description'>;

export const editTicketAction =
  (queryClient: QueryClient) =>
  async ({ request, params }: ActionFunctionArgs) => {
    const result = await guardedSave(queryClient, {
      record: ticketQuery(params.id!),
      value: (await request.json()) as Ticket,
      signal: request.signal,
      merge: { text: ['/description'], ignore: ['/version', '/updatedAt', '/updatedBy'] },
    });
    if (result.outcome === 'saved' || result.outcome === 'merged') return redirect(`/tickets/${params.id}`);
    return { outcome: result.outcome };
  };

export function EditTicket() {
  const ticket = useVersionedQuery(ticketQuery(useParams().id!));
  return ticket.data ? <TicketForm record={ticket.record} ticket={ticket.data} /> : null;
}

function TicketForm({ record, ticket }: { record: RecordHandle; ticket: Ticket }) {
  const form = useForm<TicketFields>({
    defaultValues: { title: ticket.title, status: ticket.status, assignee: ticket.assignee, description: ticket.description },
  });
  const submit = useSubmit();
  const send = (draft: Ticket) => submit({ ...draft }, { method: 'post', encType: 'application/json' });
  const draft = useFormDraft(form, { record, initial: ticket, resume: send });
  const saving = useNavigation().state === 'submitting';
  const result = useActionData<ReturnType<typeof editTicketAction>>();
  return (
    <form onSubmit={form.handleSubmit(() => send(draft.draft))}>
      <StaleBanner record={record} />
      <label>
        Title
        <input {...form.register('title', { required: true })} />
      </label>
      <label>
        Status
        <select {...form.register('status')}>
          <option value="open">Open</option>
          <option value="in_progress">In progress</option>
          <option value="resolved">Resolved</option>
          <option value="closed">Closed</option>
        </select>
      </label>
      <label>
        Assignee
        <input {...form.register('assignee')} />
      </label>
      <label>
        Description
        <textarea rows={6} {...form.register('description')} />
      </label>
      <div className="actions">
        <button disabled={saving}>Save</button>
        <p role="status">{saving ? 'Saving…' : result?.outcome === 'cancelled' ? 'Not saved; your changes are kept.' : ''}</p>
      </div>
    </form>
  );
}
