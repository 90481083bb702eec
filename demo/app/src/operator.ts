import { useSyncExternalStore } from 'react';

/** The two people of the demo; `actor` goes to the server as `X-Actor`. */
export const OPERATORS = [
  { actor: 'operator-a', label: 'Operator A' },
  { actor: 'operator-b', label: 'Operator B' },
] as const;

/** One operator's actor id. */
export type OperatorActor = (typeof OPERATORS)[number]['actor'];

/** sessionStorage key: one operator per tab, so two tabs can act as two people. */
export const OPERATOR_STORAGE_KEY = 'ck-demo-operator';

const listeners = new Set<() => void>();

function isActor(value: string | null): value is OperatorActor {
  return OPERATORS.some((operator) => operator.actor === value);
}

/** The operator of this tab (Operator A until one is picked). */
export function currentOperator(): OperatorActor {
  let stored: string | null = null;
  try {
    stored = window.sessionStorage.getItem(OPERATOR_STORAGE_KEY);
  } catch {
    // Storage can be disabled; the default operator still works.
  }
  return isActor(stored) ? stored : OPERATORS[0].actor;
}

/** Switches this tab's operator; requests from now on carry the new `X-Actor`. */
export function setOperator(actor: OperatorActor): void {
  try {
    window.sessionStorage.setItem(OPERATOR_STORAGE_KEY, actor);
  } catch {
    // Not persisted; the picker falls back to the default on reload.
  }
  for (const listener of listeners) listener();
}

/** A display name for an actor id the server reports (`operator-b` → `Operator B`). */
export function operatorLabel(actor: string | undefined): string | undefined {
  if (actor === undefined) return undefined;
  return OPERATORS.find((operator) => operator.actor === actor)?.label ?? actor;
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** This tab's operator, re-rendering when it changes. */
export function useOperator(): OperatorActor {
  return useSyncExternalStore(subscribe, currentOperator, () => OPERATORS[0].actor);
}
