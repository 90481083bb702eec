// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createVersionRegistry } from '../core/createVersionRegistry';
import { createDraftStore } from './createDraftStore';

describe('createDraftStore', () => {
  it('keeps drafts in memory per provider where there is no Web Storage, so server requests never share one', () => {
    const first = createDraftStore(createVersionRegistry());
    const second = createDraftStore(createVersionRegistry());
    const storageA = first.storageFor('local');
    const detach = first.attach('tickets/T-1', storageA);
    first.setDraft('tickets/T-1', storageA, { title: 'request A' }, { title: '' });

    expect(first.read('tickets/T-1', storageA)).toMatchObject({ draft: { title: 'request A' } });
    expect(second.read('tickets/T-1', second.storageFor('local'))).toBeUndefined();
    detach();
  });
});
