import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type MouseEvent, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../demo/server/demoStore';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { useDraft } from '../react/useDraft';
import { useIdempotentCreate } from '../react/useIdempotentCreate';
import { ConflictDialogs } from './ConflictDialogs';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const blank = { externalId: '', items: [{ sku: 'KB-MX-RED', quantity: 1 }] };

function NewOrder(): ReactNode {
  const draft = useDraft({ key: 'orders/new', initial: blank, storage: 'session' });
  const create = useIdempotentCreate<Order, typeof blank>({
    url: '/api/orders',
    intent: (order) => `orders/new:${order.externalId}`,
    draft,
    existingHref: (conflict) => `/orders/${conflict.existing?.split('/').pop() ?? ''}`,
  });
  return (
    <>
      <label>
        External order ID
        <input value={draft.draft.externalId} onChange={(event) => draft.setDraft({ ...draft.draft, externalId: event.target.value })} />
      </label>
      <button type="button" onClick={() => create.mutate(draft.draft)}>
        Create order
      </button>
    </>
  );
}

/** An app whose router moves on the prompt's link click (the existing order's name), in that same click (the docs' recipe): the form unmounts at once. */
function RoutedApp(): ReactNode {
  const [path, setPath] = useState('/orders/new');
  const follow = (event: MouseEvent): void => {
    const href = (event.target as Element).closest('a')?.getAttribute('href');
    if (!href) return;
    event.preventDefault();
    setPath(href);
  };
  return (
    <>
      {path === '/orders/new' ? <NewOrder /> : <p>Order page {path}</p>}
      <button type="button" onClick={() => setPath('/orders/new')}>
        New order
      </button>
      <div onClick={follow}>
        <ConflictDialogs />
      </div>
    </>
  );
}

describe("the existing record's link in a routed app", () => {
  it('leads to the existing order and clears the form, though the click unmounts the form before the answer arrives', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    render(<RoutedApp />, { wrapper: kitWrapper({ fetch: server.fetch, actor: 'ana', queryClient: new QueryClient() }) });
    await user.type(screen.getByLabelText('External order ID'), 'shop-2026-88419');
    await user.click(screen.getByRole('button', { name: 'Create order' }));

    const prompt = await screen.findByRole('alertdialog', { name: /already created/i });
    await user.click(within(prompt).getByRole('link', { name: 'O-1001' }));
    expect(screen.getByText('Order page /orders/O-1001')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'New order' }));
    await expect.poll(() => (screen.getByLabelText('External order ID') as HTMLInputElement).value).toBe('');
    expect((await server.store.orders.list()).filter((order) => order.externalId === 'shop-2026-88419')).toHaveLength(1);
  });
});
