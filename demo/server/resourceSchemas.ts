import { TICKET_STATUSES } from './demoStore';
import { arrayOf, integer, nullable, object, oneOf, optional, string } from './fieldSchema';
import { ORDER_STATES } from './orderStateMachine';

/** Longest ticket description, in UTF-16 code units (the body limit is 256 KiB). */
export const MAX_DESCRIPTION_LENGTH = 100_000;
/** Longest document text, in UTF-16 code units (the body limit is 2 MiB). */
export const MAX_DOCUMENT_LENGTH = 2_000_000;

const title = string({ min: 1, max: 200 });
const status = oneOf(TICKET_STATUSES);
const assignee = nullable(string({ min: 1, max: 64 }));
const description = string({ max: MAX_DESCRIPTION_LENGTH, multiline: true });
const content = string({ max: MAX_DOCUMENT_LENGTH, multiline: true });

/**
 * Server-managed members a client may send back with a full record (as a
 * merge result usually is): `version` is read as a precondition, `id` must
 * name the record in the URL, `updatedBy` / `updatedAt` are ignored.
 */
export const recordMetaMembers = {
  id: optional(string({ min: 1, max: 64 })),
  version: optional(integer(1, Number.MAX_SAFE_INTEGER)),
  updatedBy: optional(string({ max: 64 })),
  updatedAt: optional(string({ max: 64 })),
} as const;

const ticketFieldMembers = { title, status, assignee: optional(assignee), description } as const;
const documentFieldMembers = { title, content } as const;

/** The writable ticket fields (a PATCH result is checked with this); a missing assignee means unassigned. */
export const ticketFieldsSchema = object(ticketFieldMembers);
/** PUT /api/tickets/:id: every writable field, plus optional server-managed members. */
export const ticketPutSchema = object({ ...ticketFieldMembers, ...recordMetaMembers });
/** POST /api/tickets: a title; the rest defaults (open, unassigned, empty description). */
export const ticketCreateSchema = object({
  title,
  status: optional(status),
  assignee: optional(assignee),
  description: optional(description),
});

/** The writable document fields. */
export const documentFieldsSchema = object(documentFieldMembers);
/** PUT /api/documents/:id. */
export const documentPutSchema = object({ ...documentFieldMembers, ...recordMetaMembers });
/** POST /api/documents: a title and optional text. */
export const documentCreateSchema = object({ title, content: optional(content) });

const sku = string({ min: 1, max: 64, pattern: { regex: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, description: 'letters, digits, ".", "_" or "-"' } });

/** POST /api/orders: `{ externalId, items }`. */
export const orderCreateSchema = object({
  externalId: string({
    min: 1,
    max: 128,
    pattern: { regex: /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, description: 'letters, digits, ".", "_", ":", "/" or "-", starting with a letter or digit' },
  }),
  items: arrayOf(
    object({
      sku,
      quantity: integer(1, 999),
      name: optional(string({ min: 1, max: 200 })),
      unitPriceCents: optional(integer(0, 100_000_000)),
    }),
    1,
    100,
  ),
});

/** POST /api/orders/:id/transitions: `{ to }`, one of the order states. */
export const transitionSchema = object({ to: oneOf(ORDER_STATES) });
