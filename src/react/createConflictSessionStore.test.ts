import { describe, expect, it } from 'vitest';
import { createConflictSessionStore } from './createConflictSessionStore';

describe('createConflictSessionStore', () => {
  it('queues one session per request and settles it once, whatever is clicked after', async () => {
    const sessions = createConflictSessionStore();
    const answer = sessions.resolver.duplicate({ conflict: { kind: 'duplicate', status: 409, source: 'test' } });
    const [session] = sessions.store.getState().sessions;
    expect(session?.type).toBe('duplicate');
    if (session?.type !== 'duplicate') return;
    session.resolve({ action: 'view-existing' });
    session.resolve({ action: 'dismiss' });
    await expect(answer).resolves.toEqual({ action: 'view-existing' });
    expect(sessions.store.getState().sessions).toEqual([]);
  });
});
