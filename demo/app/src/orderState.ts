import type { OrderState } from './api';

const LABELS: Record<OrderState, string> = {
  placed: 'Placed',
  paid: 'Paid',
  fulfilling: 'Fulfilling',
  shipped: 'Shipped',
  cancelled: 'Cancelled',
};

/** An order state for people. */
export function orderStateLabel(state: string): string {
  return state in LABELS ? LABELS[state as OrderState] : state;
}

/** The workflow buttons: the target state and what the button says. */
export const ORDER_ACTIONS = [
  { to: 'paid', label: 'Mark paid' },
  { to: 'fulfilling', label: 'Start fulfilment' },
  { to: 'shipped', label: 'Ship' },
  { to: 'cancelled', label: 'Cancel order' },
] as const satisfies readonly { to: OrderState; label: string }[];

/** The button label for moving to `to` ("Start fulfilment"). */
export function actionLabel(to: string): string {
  return ORDER_ACTIONS.find((action) => action.to === to)?.label ?? `Move to ${to}`;
}
