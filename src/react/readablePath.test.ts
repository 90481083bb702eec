import { describe, expect, it } from 'vitest';
import { readablePath } from './readablePath';

describe('readablePath', () => {
  it('turns keys into words people read, joined with ›', () => {
    expect(readablePath(['first'])).toBe('First');
    expect(readablePath(['address', 'city'])).toBe('Address › City');
    expect(readablePath(['dueDate'])).toBe('Due date');
    expect(readablePath(['due_date'])).toBe('Due date');
    expect(readablePath(['shipping-address'])).toBe('Shipping address');
    expect(readablePath(['externalId'])).toBe('External ID');
    expect(readablePath(['HTTPStatus'])).toBe('HTTP status');
    expect(readablePath(['_rev'])).toBe('Rev');
  });

  it('counts array positions from 1 and names the root', () => {
    expect(readablePath(['items', 0, 'quantity'])).toBe('Items › 1 › Quantity');
    expect(readablePath([])).toBe('Whole record');
  });
});
