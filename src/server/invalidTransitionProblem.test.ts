import { describe, expect, it } from 'vitest';
import { invalidTransitionProblem } from './invalidTransitionProblem';
import { PROBLEM_TYPES } from './problemTypes';

describe('invalidTransitionProblem', () => {
  it('is a 409 invalid_transition with the current state and the transitions still allowed', async () => {
    const res = invalidTransitionProblem({
      currentState: 'fulfilling',
      allowedTransitions: ['ship'],
      attempted: 'cancel',
      requestId: 'req_7',
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      type: PROBLEM_TYPES.invalidTransition,
      title: 'Transition not allowed',
      status: 409,
      detail: 'The transition "cancel" is not allowed from state "fulfilling". Allowed now: ship.',
      reason: 'invalid_transition',
      currentState: 'fulfilling',
      allowedTransitions: ['ship'],
      attemptedTransition: 'cancel',
      requestId: 'req_7',
    });
  });

  it('says "none" when no transition is left', async () => {
    const res = invalidTransitionProblem({ currentState: 'cancelled', allowedTransitions: [], attempted: 'ship' });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['detail']).toMatch(/Allowed now: none\./);
    expect(body['allowedTransitions']).toEqual([]);
  });
});
