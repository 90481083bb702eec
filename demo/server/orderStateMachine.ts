/** The states an order moves through; `cancelled` is terminal, like `shipped`. */
export const ORDER_STATES = ['placed', 'paid', 'fulfilling', 'shipped', 'cancelled'] as const;

/** One state of an order. */
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * The order workflow: placed → paid → fulfilling → shipped, and cancel only
 * before fulfilment starts (from placed or paid).
 */
export const orderStateMachine: Readonly<Record<OrderState, readonly OrderState[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilling', 'cancelled'],
  fulfilling: ['shipped'],
  shipped: [],
  cancelled: [],
};

/** True when `value` names an order state. */
export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

/** True when the workflow allows moving from `from` to `to`. */
export function canTransition(from: OrderState, to: OrderState): boolean {
  return orderStateMachine[from].includes(to);
}
