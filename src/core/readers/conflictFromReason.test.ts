import { describe, expect, it } from 'vitest';
import { classifyConflict } from '../classifyConflict';

const problem = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': 'application/problem+json' } });

describe('duplicate conflicts: who created the existing record, and when', () => {
  it('reads existingCreatedBy and existingCreatedAt from the problem body', async () => {
    const conflict = await classifyConflict(
      problem({
        reason: 'duplicate_external_id',
        existing: '/api/orders/O-1004',
        existingCreatedBy: 'operator-a',
        existingCreatedAt: '2026-11-25T19:37:00.000Z',
      }),
    );
    expect(conflict).toMatchObject({ kind: 'duplicate', createdBy: 'operator-a', createdAt: Date.parse('2026-11-25T19:37:00.000Z') });
  });

  it("falls back to the representation's createdBy / createdAt, from any server that sends them", async () => {
    const conflict = await classifyConflict(
      new Response(JSON.stringify({ code: 'already_exists', current: { id: 'c-7', created_by: 'li.wei', createdAt: 1764099420000 } }), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(conflict).toMatchObject({ kind: 'duplicate', createdBy: 'li.wei', createdAt: 1764099420000 });
  });

  it('ignores values that are not a name or a moment', async () => {
    const conflict = await classifyConflict(problem({ reason: 'duplicate', existingCreatedBy: { name: 'x' }, existingCreatedAt: 'yesterday-ish' }));
    expect(conflict.kind).toBe('duplicate');
    expect(conflict).not.toHaveProperty('createdBy');
    expect(conflict).not.toHaveProperty('createdAt');
  });
});
