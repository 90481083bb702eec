import { describe, expect, it } from 'vitest';
import { capString, compact, normalizeReason, own, parseRetryAfter, pick, readString, readStringList, readVersion, requestIdOf } from './bodyMembers';

describe('bodyMembers', () => {
  it('reads own members only, never inherited ones', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"a":1},"b":2}');
    expect(own(parsed, 'b')).toBe(2);
    expect(own(parsed, 'a')).toBeUndefined();
    expect(own(parsed, 'constructor')).toBeUndefined();
    expect(own(parsed, 'toString')).toBeUndefined();
    expect(own([1], '0')).toBeUndefined();
    expect(own(null, 'x')).toBeUndefined();
  });

  it('picks the first member present, each name as written and then in snake_case', () => {
    expect(pick({ current_version: 2, currentVersion: 3 }, 'currentVersion')).toBe(3);
    expect(pick({ existing_resource_id: 'r-1', existingId: 'x' }, 'existingResourceId', 'existingId')).toBe('r-1');
    expect(pick({ existing: null, existingUrl: '/a' }, 'existing', 'existingUrl')).toBeNull();
    expect(pick({ 'current_e_t_a_g': 'x' }, 'currentETag')).toBeUndefined();
  });

  it('reads strings and finite numbers as strings, ignoring other types and empty strings', () => {
    expect(readString(' open ')).toBe('open');
    expect(readString(3)).toBe('3');
    expect(readString(Number.NaN)).toBeUndefined();
    expect(readString({})).toBeUndefined();
    expect(readString('  ')).toBeUndefined();
    expect(readString('x'.repeat(2000))?.length).toBe(1000);
  });

  it('does not split a surrogate pair when capping', () => {
    expect(capString('ab😀', 3)).toBe('ab');
  });

  it('reads versions as numbers or strings only', () => {
    expect(readVersion(7)).toBe(7);
    expect(readVersion('1-abc')).toBe('1-abc');
    expect(readVersion(Infinity)).toBeUndefined();
    expect(readVersion([1])).toBeUndefined();
  });

  it('keeps the distinct strings of a list and ignores non-lists', () => {
    expect(readStringList(['a', 1, {}, 'a', null, 'b'])).toEqual(['a', '1', 'b']);
    expect(readStringList('a')).toBeUndefined();
    expect(readStringList(Array.from({ length: 1000 }, (_, i) => `t${i}`))).toHaveLength(50);
  });

  it('normalises codes and problem type URIs to snake_case tokens', () => {
    expect(normalizeReason('https://example.com/problems/version-mismatch')).toBe('version_mismatch');
    expect(normalizeReason('urn:problem-type:Invalid-Transition/')).toBe('invalid_transition');
    expect(normalizeReason('https://example.com/errors#duplicate')).toBe('duplicate');
  });

  it('parses Retry-After seconds and HTTP-dates, and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('drops undefined members', () => {
    expect(compact({ a: 1, b: undefined })).toEqual({ a: 1 });
    expect(Object.keys(compact({ a: undefined }))).toEqual([]);
  });

  it('takes request ids that look like ids, and ignores markup or prose in their place', () => {
    const none = new Headers();
    expect(requestIdOf({ requestId: 'req_create_8bf1' }, none)).toBe('req_create_8bf1');
    expect(requestIdOf({ traceId: '00-4bf92f3577b34da6-00f067aa0ba902b7-01' }, none)).toBe('00-4bf92f3577b34da6-00f067aa0ba902b7-01');
    expect(requestIdOf({ requestId: '<script>alert(1)</script>' }, new Headers({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
    expect(requestIdOf({}, new Headers({ 'x-request-id': 'see the logs' }))).toBeUndefined();
  });
});
