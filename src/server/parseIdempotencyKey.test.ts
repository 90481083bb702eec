import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey } from './parseIdempotencyKey';

describe('parseIdempotencyKey', () => {
  it.each([
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['  "abc"  ', 'abc'],
    ['"with space and \\"quote\\" and \\\\"', 'with space and "quote" and \\'],
    ['"k";a=1;b;c="x";d=?0;e=tok/en;f=:YQ==:', 'k'],
    ['idem_4f901d', 'idem_4f901d'],
    ['8e03978e-40d5', '8e03978e-40d5'],
  ])('reads %j as %j', (value, key) => {
    expect(parseIdempotencyKey(value)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['""', 'empty string'],
    ['"abc', 'unterminated'],
    ['"a\\b"', 'bad escape'],
    ['"a", "b"', 'a list (two keys or two header lines)'],
    ['a, b', 'a bare list'],
    ['"a" trailing', 'junk after the string'],
    ['"a";A=1', 'parameter key with upper case'],
    ['"caf\u00e9"', 'non-ASCII'],
    ['"tab\there"', 'control character'],
    ['two words', 'a bare value with a space'],
  ])('refuses %j (%s)', (value) => {
    expect(parseIdempotencyKey(value)).toBeNull();
  });

  it('refuses keys longer than the limit', () => {
    expect(parseIdempotencyKey(`"${'a'.repeat(255)}"`)).toHaveLength(255);
    expect(parseIdempotencyKey(`"${'a'.repeat(256)}"`)).toBeNull();
    expect(parseIdempotencyKey('"abcd"', 3)).toBeNull();
  });
});
