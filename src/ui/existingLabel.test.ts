import { describe, expect, it } from 'vitest';
import { existingLabel } from './existingLabel';

describe('existingLabel', () => {
  it('names the resource by the id its representation carries', () => {
    expect(existingLabel('/api/orders/O-1004', { id: 'O-1004', state: 'placed' })).toBe('O-1004');
    expect(existingLabel('/api/orders/7', { id: 7 })).toBe('7');
  });

  it('takes the last path segment of a URL, without query or fragment, decoded', () => {
    expect(existingLabel('/api/orders/O-1004', undefined)).toBe('O-1004');
    expect(existingLabel('https://api.example.com/v1/orders/2026%2088421/?view=full#top', undefined)).toBe('2026 88421');
    expect(existingLabel('/api/orders/%E0%A4%A', undefined)).toBe('%E0%A4%A');
  });

  it('keeps a bare id as the server gave it', () => {
    expect(existingLabel('orders/2026-88421', undefined)).toBe('orders/2026-88421');
    expect(existingLabel('javascript:alert(1)', undefined)).toBe('javascript:alert(1)');
  });

  it("falls back to the app link's last segment, then to nothing", () => {
    expect(existingLabel(undefined, undefined, '/orders/O-1004')).toBe('O-1004');
    expect(existingLabel(undefined, { id: '' }, 'javascript:x')).toBeUndefined();
    expect(existingLabel(undefined, undefined)).toBeUndefined();
  });
});
