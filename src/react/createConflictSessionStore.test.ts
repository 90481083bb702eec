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

  it('closes a session whose write stopped, answering it as dismissed', async () => {
    const sessions = createConflictSessionStore();
    const stop = new AbortController();
    const answer = sessions.resolver.merge({ key: 'k', conflict: { kind: 'stale', status: 412, source: 'test' }, base: {}, mine: {}, theirs: {}, merge: { clean: false, value: {}, conflicts: [], autoMerged: [] }, signal: stop.signal });
    expect(sessions.store.getState().sessions).toHaveLength(1);

    stop.abort();

    await expect(answer).resolves.toEqual({ action: 'cancel' });
    expect(sessions.store.getState().sessions).toEqual([]);
  });

  it('counts the records waiting for an answer, whichever resolver asks', () => {
    const sessions = createConflictSessionStore();
    const first = sessions.wait('k');
    const second = sessions.wait('k');
    first();
    first();
    expect(sessions.store.getState().waiting).toEqual(['k']);
    second();
    expect(sessions.store.getState().waiting).toEqual([]);
  });
});
