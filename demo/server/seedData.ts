import type { DocumentRecord, Order, Ticket } from './demoStore';
import { seedDocumentContent } from './seedDocument';

/** The records every fresh store starts with (both stores seed the same data). */
export interface SeedData {
  readonly tickets: readonly Ticket[];
  readonly orders: readonly Order[];
  readonly documents: readonly DocumentRecord[];
}

const longDescription = [
  'Since the deploy on Monday, customers on the annual plan who open "Download invoice" from the billing page get a PDF whose totals are correct but whose VAT line shows 0.00 for every country except Germany.',
  '',
  'Steps to reproduce:',
  '1. Sign in as any annual-plan customer with a billing address outside Germany (the staging account acme-fr works).',
  '2. Open Billing → Invoices and download the most recent invoice.',
  '3. Compare the VAT line with the amount charged on the card statement.',
  '',
  'Expected: the VAT line shows the tax actually charged (20% for France).',
  'Actual: the VAT line shows 0.00 while the grand total still includes the tax, so the invoice does not add up and accounting teams reject it.',
  '',
  'Monthly-plan invoices are not affected, and invoices generated before Monday are fine when re-downloaded, so the stored amounts look right and the problem is in rendering. The renderer picks the tax rate from the locale table; the German row is the only one with the new "rateBasisPoints" column filled in.',
  '',
  'Workaround for support: send the customer the receipt e-mail, which takes the amounts from the payment record and is correct. Three enterprise customers have asked for corrected invoices for their year-end close, so this needs a fix before the 31st.',
].join('\n');

/** The seeded tickets, orders and the runbook document. */
export const seedData: SeedData = {
  tickets: [
    {
      id: 'T-1001',
      title: 'Annual-plan invoices show 0.00 VAT outside Germany',
      status: 'open',
      assignee: 'maria.lopez',
      description: longDescription,
      version: 3,
      updatedBy: 'maria.lopez',
      updatedAt: '2026-11-20T09:14:00.000Z',
    },
    {
      id: 'T-1002',
      title: 'Password reset e-mail takes 10+ minutes to arrive',
      status: 'in_progress',
      assignee: 'sam.okafor',
      description:
        'Several reports since yesterday evening. The mail provider dashboard shows the messages queued for 8–12 minutes before sending.\n\nCheck whether we hit the new per-minute sending limit after the newsletter went out.',
      version: 5,
      updatedBy: 'sam.okafor',
      updatedAt: '2026-11-21T16:40:00.000Z',
    },
    {
      id: 'T-1003',
      title: 'Export to CSV drops rows with commas in the customer name',
      status: 'resolved',
      assignee: null,
      description: 'Fields were not quoted. Fixed in the export service; waiting for the customer to confirm.',
      version: 2,
      updatedBy: 'li.wei',
      updatedAt: '2026-11-18T11:05:00.000Z',
    },
    {
      id: 'T-1004',
      title: 'Dark mode: dropdown text unreadable on the settings page',
      status: 'open',
      assignee: null,
      description: 'Grey text on a dark grey background in the timezone picker. Screenshot attached by the reporter.',
      version: 1,
      updatedBy: 'support-bot',
      updatedAt: '2026-11-22T08:30:00.000Z',
    },
  ],
  orders: [
    {
      id: 'O-1001',
      externalId: 'shop-2026-88419',
      items: [
        { sku: 'KB-MX-RED', name: 'Mechanical keyboard, red switches', quantity: 1, unitPriceCents: 12900 },
        { sku: 'CBL-USBC-2M', name: 'USB-C cable, 2 m', quantity: 2, unitPriceCents: 1490 },
      ],
      state: 'placed',
      version: 1,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedBy: 'storefront',
      updatedAt: '2026-11-22T10:00:00.000Z',
    },
    {
      id: 'O-1002',
      externalId: 'shop-2026-88420',
      items: [{ sku: 'MON-27-4K', name: '27" 4K monitor', quantity: 1, unitPriceCents: 38900 }],
      state: 'paid',
      version: 2,
      createdAt: '2026-11-22T10:05:00.000Z',
      updatedBy: 'payments',
      updatedAt: '2026-11-22T10:06:00.000Z',
    },
    {
      id: 'O-1003',
      externalId: 'shop-2026-88421',
      items: [{ sku: 'DESK-OAK-160', name: 'Standing desk, oak, 160 cm', quantity: 1, unitPriceCents: 64900 }],
      state: 'fulfilling',
      version: 3,
      createdAt: '2026-11-21T14:20:00.000Z',
      updatedBy: 'warehouse',
      updatedAt: '2026-11-22T07:45:00.000Z',
    },
  ],
  documents: [
    {
      id: 'D-1001',
      title: 'Payments on-call runbook',
      content: seedDocumentContent,
      version: 1,
      updatedBy: 'payments-platform',
      updatedAt: '2026-11-19T12:00:00.000Z',
    },
  ],
};
