import type { MergeChoices } from '../../src/core/index';
import type { MergeRequest } from '../../src/react/index';
import { mergeRequest } from './requests';
import { TICKET_MERGE } from './TicketEditor';

/** A ticket as the merge stories edit it (the demo's fields plus a priority). */
export interface StoryTicket {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly assignee?: string | null;
  readonly priority?: number;
  readonly dueDate?: string;
  readonly description?: string;
}

export const baseTicket: StoryTicket = {
  id: 'T-1001',
  title: 'Annual-plan invoices show 0.00 VAT outside Germany',
  status: 'open',
  assignee: 'maria.lopez',
  priority: 2,
};

/** One conflicting field (the title); theirs also changed the status, mine the assignee: both merge by themselves. */
export const oneFieldRequest = mergeRequest<StoryTicket>(
  {
    base: baseTicket,
    mine: { ...baseTicket, title: 'VAT line shows 0.00 on annual invoices', assignee: 'sam.okafor' },
    theirs: { ...baseTicket, title: 'Invoices: VAT 0.00 for non-German customers', status: 'in_progress' },
  },
  TICKET_MERGE,
  { changedBy: 'Ana', changedAt: Date.UTC(2026, 10, 24, 10, 42) },
);

/** Four conflicting fields: three strings and a number. */
export const manyFieldsRequest = mergeRequest<StoryTicket>(
  {
    base: baseTicket,
    mine: { ...baseTicket, title: 'Mine: VAT missing on annual invoices', status: 'resolved', assignee: 'sam.okafor', priority: 1 },
    theirs: { ...baseTicket, title: 'Theirs: VAT 0.00 outside DE', status: 'closed', assignee: 'li.wei', priority: 3 },
  },
  TICKET_MERGE,
  { changedBy: 'Ana' },
);

/** An order with a nested customer and line items merged by id. */
export interface StoryOrder {
  readonly id: string;
  readonly customer: { readonly name: string; readonly address: { readonly street: string; readonly city: string } };
  readonly items: ReadonlyArray<{ readonly id: string; readonly sku: string; readonly quantity: number }>;
}

const baseOrder: StoryOrder = {
  id: 'O-1001',
  customer: { name: 'Acme SARL', address: { street: '12 rue de la Paix', city: 'Paris' } },
  items: [
    { id: 'line-1', sku: 'KB-MX-RED', quantity: 1 },
    { id: 'line-2', sku: 'CBL-USBC-2M', quantity: 2 },
  ],
};

/** Conflicts deep inside: a nested object field and a field of an array element matched by id. */
export const nestedRequest = mergeRequest<StoryOrder>(
  {
    base: baseOrder,
    mine: {
      ...baseOrder,
      customer: { ...baseOrder.customer, address: { ...baseOrder.customer.address, city: 'Lyon' } },
      items: [{ id: 'line-1', sku: 'KB-MX-RED', quantity: 3 }, baseOrder.items[1]!],
    },
    theirs: {
      ...baseOrder,
      customer: { name: 'Acme SAS', address: { ...baseOrder.customer.address, city: 'Marseille' } },
      items: [{ id: 'line-1', sku: 'KB-MX-RED', quantity: 5 }, baseOrder.items[1]!],
    },
  },
  { arrayKeys: { '/items': 'id' } },
);

const line = (n: number): string => `Line ${n}: the renderer reads the tax rate for each country from the locale table.`;
const baseLines = Array.from({ length: 30 }, (_, i) => line(i + 1));
const mineLines = [...baseLines];
const theirsLines = [...baseLines];
mineLines[2] = 'Line 3: the renderer reads the VAT rate for each country from the locale table (mine).';
theirsLines[2] = 'Line 3: the PDF service reads a cached rate (theirs).';
// Different words of the same line: the word-level merge can suggest a resolution.
mineLines[11] = 'Line 12: the renderer reads the tax rate for every country from the locale table.';
theirsLines[11] = 'Line 12: the renderer reads the tax rate for each country from the rates table.';
mineLines[24] = 'Line 25: mine rewrote this line completely.';
theirsLines[24] = 'Line 25: theirs rewrote it differently.';
// One-sided edits merge without asking.
mineLines[6] = 'Line 7: only mine changed this.';
theirsLines[17] = 'Line 18: only theirs changed this.';
const text = (lines: readonly string[]): string => lines.join('\n') + '\n';

export const longText = { base: text(baseLines), mine: text(mineLines), theirs: text(theirsLines) };

/** A long description with three conflicting hunks (one with a word-level suggestion) and two clean edits. */
export const longTextRequest = mergeRequest<StoryTicket>(
  {
    base: { ...baseTicket, description: longText.base },
    mine: { ...baseTicket, description: longText.mine },
    theirs: { ...baseTicket, description: longText.theirs },
  },
  TICKET_MERGE,
  { changedBy: 'Ana' },
);

/** Mine deleted a field theirs changed, and changed a field theirs deleted. */
export const deleteModifyRequest = mergeRequest<StoryTicket>(
  {
    base: { ...baseTicket, dueDate: '2026-12-01' },
    mine: { id: 'T-1001', title: baseTicket.title, status: 'open', priority: 2, dueDate: '2026-12-05' },
    theirs: { ...baseTicket, assignee: 'sam.okafor' },
  },
  TICKET_MERGE,
);

/** Strings a hostile or careless writer could put in a record; they must render as text, never as markup. */
export const hostile = {
  title: '<img src=x onerror="window.__ckHostile=1">Printer on fire',
  theirsTitle: '<script>window.__ckHostile=2</script><a href="javascript:window.__ckHostile=3">click</a>',
  assignee: '\u202Eelgoog.moc\u202C admin',
  theirsAssignee: '{{constructor.constructor("window.__ckHostile=4")()}}',
  long: 'A'.repeat(5_000),
  proto: '{"polluted":true}',
};

const hostileBase = JSON.parse('{"id":"T-6","title":"Printer","assignee":"x","notes":"n","__proto__":"p"}') as Record<string, unknown>;
const hostileMine = JSON.parse(JSON.stringify({ ...hostileBase, title: hostile.title, assignee: hostile.assignee, notes: hostile.long })) as Record<string, unknown>;
Object.defineProperty(hostileMine, '__proto__', { value: hostile.proto, enumerable: true, writable: true, configurable: true });
const hostileTheirs = JSON.parse(JSON.stringify({ ...hostileBase, title: hostile.theirsTitle, assignee: hostile.theirsAssignee, notes: 'short' })) as Record<string, unknown>;
Object.defineProperty(hostileTheirs, '__proto__', { value: 'q', enumerable: true, writable: true, configurable: true });

/** Hostile values on both sides, including an own `__proto__` key (as JSON.parse makes it). */
export const hostileRequest = mergeRequest<Record<string, unknown>>({ base: hostileBase, mine: hostileMine, theirs: hostileTheirs }, { ignore: ['/id'] });

const restoredBase = mergeRequest<StoryTicket>(
  {
    base: { ...baseTicket, description: longText.base },
    mine: { ...baseTicket, title: 'Mine: VAT missing', description: longText.mine },
    theirs: { ...baseTicket, title: 'Theirs: VAT 0.00', description: longText.theirs },
  },
  TICKET_MERGE,
);
const firstHunk = restoredBase.merge.conflicts.find((c) => c.pointer === '/description')?.text?.hunks.find((h) => h.kind === 'conflict');
if (firstHunk?.kind !== 'conflict') throw new Error('The restored-choices fixture lost its description conflict; check stories/support/fixtures.ts.');

/** Choices kept with the draft before a reload: the title and the description's first hunk. */
export const restoredChoices: MergeChoices = { '/title': 'theirs', [`/description~h${firstHunk.index}`]: 'both' };

/** The merge of a title and a three-hunk description, reopened after a reload with two choices already made. */
export const restoredRequest: MergeRequest<StoryTicket> = { ...restoredBase, initialChoices: restoredChoices };
