import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceIdOf } from './parseTraceparent';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads the four fields of a version 00 header, trimming surrounding spaces', () => {
    expect(parseTraceparent(` 00-${TRACE}-${PARENT}-01 `)).toEqual({ version: '00', traceId: TRACE, parentId: PARENT, flags: '01' });
  });

  it('accepts a later version with more fields after a dash, and reads the known ones', () => {
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-00-what-the-future-holds`)?.traceId).toBe(TRACE);
  });

  it.each([
    ['absent', null],
    ['empty', ''],
    ['uppercase hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['extra fields on version 00', `00-${TRACE}-${PARENT}-01-extra`],
    ['short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['two headers joined by a comma', `00-${TRACE}-${PARENT}-01, 00-${TRACE}-${PARENT}-01`],
    ['a later version glued to more text', `cc-${TRACE}-${PARENT}-00x`],
    ['huge', `cc-${TRACE}-${PARENT}-00-${'a'.repeat(1000)}`],
  ])('ignores an invalid header (%s)', (_, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });

  it("gives a request's trace id, or undefined without a valid header", () => {
    expect(traceIdOf(new Request('http://x/', { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } }))).toBe(TRACE);
    expect(traceIdOf(new Request('http://x/', { headers: { traceparent: 'nonsense' } }))).toBeUndefined();
  });
});
