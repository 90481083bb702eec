import type { TicketStatus } from './api';

/** The ticket statuses in workflow order, with their labels. */
export const TICKET_STATUS_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
] as const satisfies readonly { value: TicketStatus; label: string }[];

/** A ticket status for people. */
export function statusLabel(status: TicketStatus): string {
  return TICKET_STATUS_OPTIONS.find((option) => option.value === status)?.label ?? status;
}
