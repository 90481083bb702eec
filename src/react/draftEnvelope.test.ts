import { describe, expect, it } from 'vitest';
import { parseDraft } from './draftEnvelope';

describe('parseDraft', () => {
  it('reads a stored open merge as untrusted: one that is not an object, or whose choices are not, is dropped and the draft kept', () => {
    for (const pendingMerge of [null, 'theirs', 7, [], { choices: 'theirs' }, { choices: null }]) {
      const envelope = parseDraft(JSON.stringify({ v: 1, draft: { title: 'mine' }, savedAt: 1, pendingMerge }), 'k');
      expect(envelope).toEqual({ v: 1, draft: { title: 'mine' }, savedAt: 1 });
    }
  });

  it('keeps a well-formed open merge, and a closed one with the version it showed', () => {
    const pendingMerge = { choices: { '/title': { custom: 'typed' } }, closed: true, theirs: { etag: '"v2"' } };
    expect(parseDraft(JSON.stringify({ v: 1, draft: {}, savedAt: 1, pendingMerge }), 'k')).toEqual({ v: 1, draft: {}, savedAt: 1, pendingMerge });
  });
});
