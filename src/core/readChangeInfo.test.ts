import { describe, expect, it } from 'vitest';
import { readChangeInfo } from './readChangeInfo';

describe('readChangeInfo', () => {
  it('reads updatedBy and an ISO updatedAt from a record', () => {
    expect(readChangeInfo({ id: 't1', updatedBy: 'operator-b', updatedAt: '2026-11-22T10:06:00.000Z' })).toEqual({
      changedBy: 'operator-b',
      changedAt: Date.UTC(2026, 10, 22, 10, 6),
    });
  });

  it('takes ms since epoch as they are', () => {
    expect(readChangeInfo({ updatedAt: 1_700_000_000_000 })).toEqual({ changedAt: 1_700_000_000_000 });
  });

  it('yields nothing for values it cannot read', () => {
    for (const value of [undefined, null, 'text', 42, ['updatedBy'], { updatedBy: 7, updatedAt: 'not a date' }, { updatedBy: '', updatedAt: Number.NaN }]) {
      expect(readChangeInfo(value)).toEqual({});
    }
  });
});
