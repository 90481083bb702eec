import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { idempotentCreateOptions, type DuplicateConflict } from 'conflict-kit';
import { useForm } from 'react-hook-form';
import { redirect, useActionData, useNavigation, useSubmit, type ActionFunctionArgs } from 'react-router';
import type { Order } from '../api';

interface NewOrderFields {
  externalId: string;
  sku: string;
  quantity: number;
}

/** The app's page of the order that already exists. */
function existingHref(conflict: DuplicateConflict): string {
  const current = conflict.current as Partial<Order> | undefined;
  return `/orders/${current?.id ?? conflict.existing?.split('/').pop() ?? ''}`;
}

export const newOrderAction =
  (queryClient: QueryClient) =>
  async ({ request }: ActionFunctionArgs) => {
    const fields = (await request.json()) as NewOrderFields;
    const body = { externalId: fields.externalId, items: [{ sku: fields.sku, quantity: Number(fields.quantity) }] };
    // A mutation outside a component, as TanStack Query runs one: it shows in Devtools and useMutationState.
    const create = new MutationObserver(
      queryClient,
      idempotentCreateOptions<Order, typeof body>({ url: '/orders', intent: `orders/new:${fields.externalId}`, existingHref }),
    );
    const result = await create.mutate(body).finally(() => create.reset()); // reset: the cache may collect it
    if (result.outcome === 'created') return redirect(`/orders/${result.value.id}`);
    if (result.outcome === 'duplicate' && result.action === 'view-existing') return redirect(existingHref(result.conflict));
    return { outcome: result.outcome };
  };

export function NewOrder() {
  const form = useForm<NewOrderFields>({ defaultValues: { externalId: '', sku: 'SKU-1', quantity: 1 } });
  const submit = useSubmit();
  const creating = useNavigation().state === 'submitting';
  const result = useActionData<ReturnType<typeof newOrderAction>>();
  return (
    <form onSubmit={form.handleSubmit((fields) => submit({ ...fields }, { method: 'post', encType: 'application/json' }))}>
      <h1>New order</h1>
      <label>
        External order ID
        <input {...form.register('externalId', { required: true })} />
      </label>
      <label>
        SKU
        <input {...form.register('sku', { required: true })} />
      </label>
      <label>
        Quantity
        <input type="number" min={1} {...form.register('quantity', { valueAsNumber: true })} />
      </label>
      <div className="actions">
        <button disabled={creating}>Create order</button>
        <p role="status">{creating ? 'Creating…' : result?.outcome === 'duplicate' ? 'Nothing was created: it already exists.' : ''}</p>
      </div>
    </form>
  );
}
