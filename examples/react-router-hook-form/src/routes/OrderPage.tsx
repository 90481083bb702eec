import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { orderQuery } from '../api';

export const orderLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    await queryClient.ensureQueryData(orderQuery(params.id!));
    return null;
  };

export function OrderPage() {
  const { data: order } = useSuspenseQuery(orderQuery(useParams().id!));
  return (
    <article>
      <h1>Order {order.externalId}</h1>
      <p>
        {order.id}: {order.state}, {order.items.map((item) => `${item.quantity} × ${item.sku}`).join(', ')}
      </p>
    </article>
  );
}
