import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createConflictClient } from '../src/core/index';
import { ConflictKitProvider, type RecordHandle } from '../src/react/index';
import { ConflictKitStringsProvider, StaleBanner } from '../src/ui/index';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import { withDarkScheme } from './support/darkScheme';
import { germanStrings } from './support/germanStrings';
import { editAs, liveApi, LiveKit } from './support/live';
import { TicketEditor, ticketFieldLabel } from './support/TicketEditor';
import './support/story.css';

/** The banner that says the record changed on the server, with a field-by-field review before saving. */
const meta = {
  title: 'Banners/StaleBanner',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** The app's own names for its values, as its form shows them. */
const STATUS_LABELS: Readonly<Record<string, string>> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', closed: 'Closed' };

const opened = { title: 'Annual-plan invoices show 0.00 VAT outside Germany', status: 'open', assignee: 'maria.lopez' };
const latest = { title: 'Invoices: VAT 0.00 for non-German customers', status: 'in_progress', assignee: 'maria.lopez' };

/**
 * The public StaleBanner over a client whose registry already holds the
 * record as opened and the change heard of (as an event would leave it), so
 * each state shows without a server.
 */
function SeededKit({ freshness, children }: { readonly freshness: 'stale' | 'deleted'; readonly children: (record: RecordHandle) => ReactNode }) {
  const [kit] = useState(() => {
    const client = createConflictClient({ fetch: () => Promise.reject(new TypeError('no server in this story')) });
    const key = client.keyFor('/tickets/T-1');
    client.registry.record(key, { validator: { etag: { weak: false, opaque: 'T-1:1' } }, base: opened });
    const change = { changedBy: 'Ana', changedAt: Date.UTC(2026, 10, 24, 10, 42) };
    if (freshness === 'stale') client.registry.markStale(key, { ...change, latest: { validator: { etag: { weak: false, opaque: 'T-1:2' } }, value: latest } });
    else client.registry.markDeleted(key, change);
    const record: RecordHandle = { url: '/tickets/T-1', key, queryKey: ['ticket', 'T-1'] };
    return { client, record, queryClient: new QueryClient() };
  });
  return (
    <QueryClientProvider client={kit.queryClient}>
      <ConflictKitProvider client={kit.client} broadcastChannel={false} revalidateOnFocus={false} revalidateOnReconnect={false}>
        {children(kit.record)}
      </ConflictKitProvider>
    </QueryClientProvider>
  );
}

function BannerDemo({ freshness }: { readonly freshness: 'stale' | 'deleted' }) {
  const [log, setLog] = useState<string[]>([]);
  return (
    <SeededKit freshness={freshness}>
      {(record) => (
        <>
          <StaleBanner
            record={record}
            label={(_pointer, path) => ticketFieldLabel(path)}
            formatValue={(value, pointer) => (pointer === '/status' && typeof value === 'string' ? STATUS_LABELS[value] : undefined)}
            onLoadLatest={() => setLog((l) => [...l, 'load latest'])}
            onKeepEditing={() => setLog((l) => [...l, 'keep editing'])}
          />
          <p aria-label="Actions taken">{log.join(', ')}</p>
        </>
      )}
    </SeededKit>
  );
}

/** Stale: who changed it and when; "Review changes" lists each changed field, before and now. */
export const StaleWithReview: Story = {
  render: () => <BannerDemo freshness="stale" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const banner = canvas.getByRole('region', { name: /^Ana changed this record at .+, after you opened it\.$/ });
    const b = within(banner);
    const review = b.getByRole('button', { name: 'Review changes' });
    await expect(review).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(review);
    await expect(review).toHaveAttribute('aria-expanded', 'true');
    const table = b.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    await expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Title', 'Status']);
    await expect(within(rows[0]!).getByText(latest.title)).toBeInTheDocument();
    await expect(within(rows[1]!).getByText('In progress')).toBeInTheDocument();
    await expectNoAxeViolations(banner);
    await userEvent.click(b.getByRole('button', { name: 'Load latest' }));
    await expect(canvas.getByLabelText('Actions taken')).toHaveTextContent('load latest');
    await userEvent.click(b.getByRole('button', { name: 'Keep editing' }));
    await expect(canvas.getByLabelText('Actions taken')).toHaveTextContent('load latest, keep editing');
    await expect(canvas.queryByRole('region')).toBeNull();
  },
};

/** Deleted: no "Load latest", no review. */
export const Deleted: Story = {
  render: () => <BannerDemo freshness="deleted" />,
  play: async ({ canvasElement }) => {
    const banner = within(canvasElement).getByRole('region', { name: 'Someone deleted this record after you opened it.' });
    await expect(within(banner).queryByRole('button', { name: 'Load latest' })).toBeNull();
    await expect(within(banner).queryByRole('button', { name: 'Review changes' })).toBeNull();
    await expectNoAxeViolations(banner);
  },
};

/** The same banner in the kit's dark scheme and in German. */
export const DarkAndTranslated: Story = {
  render: () => (
    <ConflictKitStringsProvider strings={germanStrings}>
      <BannerDemo freshness="stale" />
    </ConflictKitStringsProvider>
  ),
  decorators: [withDarkScheme],
  play: async ({ canvasElement }) => {
    const banner = within(canvasElement).getByRole('region', { name: /^Ana hat diesen Datensatz um .+ geändert, nachdem Sie ihn geöffnet haben\.$/ });
    await userEvent.click(within(banner).getByRole('button', { name: 'Änderungen ansehen' }));
    await expectNoAxeViolations(banner);
  },
};

/**
 * Live: Ana saves the ticket on the server; "Check for changes" revalidates
 * (a conditional GET: the event stream through MSW may arrive buffered) and
 * the banner appears; review, then load the latest version.
 */
export const LiveRevalidation: Story = {
  loaders: [liveApi],
  render: () => (
    <LiveKit actor="Operator A">
      <TicketEditor id="T-1002" />
    </LiveKit>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const title = await canvas.findByRole('textbox', { name: 'Title' });
    await expect(canvas.queryByRole('region')).toBeNull();
    await editAs('Ana', '/api/tickets/T-1002', { title: 'Reset e-mails delayed by the newsletter send' });
    // Still fresh as far as this page knows, until it revalidates.
    await userEvent.click(canvas.getByRole('button', { name: 'Check for changes' }));
    const banner = await canvas.findByRole('region', { name: /^Ana changed this record/ });
    await userEvent.click(within(banner).getByRole('button', { name: 'Review changes' }));
    const rows = within(within(banner).getByRole('table')).getAllByRole('row').slice(1);
    await expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toContain('Title');
    await expectNoAxeViolations(banner);
    await userEvent.click(within(banner).getByRole('button', { name: 'Load latest' }));
    await waitFor(() => expect(title).toHaveValue('Reset e-mails delayed by the newsletter send'));
    await waitFor(() => expect(canvas.queryByRole('region')).toBeNull());
  },
};
