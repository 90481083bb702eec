import { describe, expect, it } from 'vitest';
import { duplicateProblem } from './duplicateProblem';
import { PROBLEM_TYPES } from './problemTypes';

describe('duplicateProblem', () => {
  it('is a 409 duplicate_external_id naming the existing resource in the body and in Location', async () => {
    const res = duplicateProblem({
      existing: '/api/orders/2026-88421',
      existingResourceId: 'orders/2026-88421',
      current: { id: '2026-88421' },
      requestId: 'req_create_8bf1',
      extra: { externalId: 'order-88421', idempotencyKey: 'idem_4f901d' },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('location')).toBe('/api/orders/2026-88421');
    expect(await res.json()).toEqual({
      type: PROBLEM_TYPES.duplicateExternalId,
      title: 'Already created',
      status: 409,
      detail: expect.any(String),
      reason: 'duplicate_external_id',
      existing: '/api/orders/2026-88421',
      existingResourceId: 'orders/2026-88421',
      current: { id: '2026-88421' },
      externalId: 'order-88421',
      idempotencyKey: 'idem_4f901d',
      requestId: 'req_create_8bf1',
    });
  });

  it('lets the reason be overridden but not the members the builder owns', async () => {
    const res = duplicateProblem({
      existing: '/u/1',
      existingResourceId: 'u/1',
      reason: 'duplicate_email',
      extra: { status: 200, existing: '/elsewhere', email: 'a@b.c' },
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 409, reason: 'duplicate_email', existing: '/u/1', email: 'a@b.c' });
    expect(res.status).toBe(409);
  });

  it('says who created the existing resource and when, for the person who collided with it', async () => {
    const res = duplicateProblem({
      existing: '/api/orders/O-1004',
      existingResourceId: 'O-1004',
      existingCreatedBy: 'operator-a',
      existingCreatedAt: '2026-11-25T19:37:00.000Z',
    });
    expect(await res.json()).toMatchObject({ existingCreatedBy: 'operator-a', existingCreatedAt: '2026-11-25T19:37:00.000Z' });
  });
});
