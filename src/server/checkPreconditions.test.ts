import { describe, expect, it } from 'vitest';
import { checkPreconditions, type CurrentState } from './checkPreconditions';
import { PROBLEM_TYPES } from './problemTypes';

const URL_ = 'http://api.test/api/tickets/T-1';

function req(method: string, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method, headers });
}

const current: CurrentState = { etag: '"T-1:4"', representation: { id: 'T-1', version: 4 }, version: 4 };

async function body(res: Response | null): Promise<Record<string, unknown>> {
  expect(res).not.toBeNull();
  return (await res!.json()) as Record<string, unknown>;
}

describe('checkPreconditions: If-Match (strong comparison, RFC 9110 §13.1.1)', () => {
  it('lets a write with the current strong tag through', () => {
    expect(checkPreconditions(req('PUT', { 'If-Match': '"T-1:4"' }), current)).toBeNull();
  });

  it('answers a stale tag with the 412 stale problem carrying the current representation and ETag', async () => {
    const res = checkPreconditions(req('PUT', { 'If-Match': '"T-1:3"' }), current, { requestId: 'req_1', bodyVersion: 3 });
    expect(res?.status).toBe(412);
    expect(res?.headers.get('etag')).toBe('"T-1:4"');
    expect(res?.headers.get('content-type')).toBe('application/problem+json');
    expect(await body(res)).toMatchObject({
      type: PROBLEM_TYPES.versionMismatch,
      reason: 'version_mismatch',
      status: 412,
      current: { id: 'T-1', version: 4 },
      currentVersion: 4,
      attemptedVersion: 3,
      currentETag: '"T-1:4"',
      requestId: 'req_1',
    });
  });

  it('never lets a weak tag satisfy it, even with the same opaque value, and says why', async () => {
    const res = checkPreconditions(req('PUT', { 'If-Match': 'W/"T-1:4"' }), current);
    expect(res?.status).toBe(412);
    expect(String((await body(res))['detail'])).toMatch(/strong comparison/);
  });

  it('never matches when the current tag itself is weak', () => {
    const weakCurrent = { etag: 'W/"T-1:4"' };
    expect(checkPreconditions(req('PUT', { 'If-Match': '"T-1:4"' }), weakCurrent)?.status).toBe(412);
    expect(checkPreconditions(req('PUT', { 'If-Match': 'W/"T-1:4"' }), weakCurrent)?.status).toBe(412);
  });

  it('passes when any tag of a list matches', () => {
    expect(checkPreconditions(req('PATCH', { 'If-Match': '"a", "T-1:4" ,"b"' }), current)).toBeNull();
    expect(checkPreconditions(req('PATCH', { 'If-Match': '"a", W/"T-1:4"' }), current)?.status).toBe(412);
  });

  it('treats * as "any current representation"', () => {
    expect(checkPreconditions(req('DELETE', { 'If-Match': '*' }), current, { require: false })).toBeNull();
  });

  it('fails with 412 resource_deleted when there is no current representation', async () => {
    for (const value of ['*', '"T-1:4"']) {
      const res = checkPreconditions(req('PUT', { 'If-Match': value }), null);
      expect(res?.status).toBe(412);
      expect(await body(res)).toMatchObject({ reason: 'resource_deleted' });
    }
  });

  it('applies to reads as well', () => {
    expect(checkPreconditions(req('GET', { 'If-Match': '"old"' }), current)?.status).toBe(412);
    expect(checkPreconditions(req('GET', { 'If-Match': '"T-1:4"' }), current)).toBeNull();
  });
});

describe('checkPreconditions: If-None-Match (weak comparison, RFC 9110 §13.1.2)', () => {
  it('answers 304 with the ETag and no body on GET and HEAD when a tag matches weakly', async () => {
    for (const method of ['GET', 'HEAD']) {
      for (const value of ['"T-1:4"', 'W/"T-1:4"', '"x", W/"T-1:4"', '*']) {
        const res = checkPreconditions(req(method, { 'If-None-Match': value }), current);
        expect(res?.status).toBe(304);
        expect(res?.headers.get('etag')).toBe('"T-1:4"');
        expect(res?.body).toBeNull();
        expect(await res?.text()).toBe('');
      }
    }
  });

  it('lets a read through when no tag matches, or there is nothing yet', () => {
    expect(checkPreconditions(req('GET', { 'If-None-Match': '"T-1:3"' }), current)).toBeNull();
    expect(checkPreconditions(req('GET', { 'If-None-Match': '*' }), null)).toBeNull();
  });

  it('answers If-None-Match: * on a write to an existing resource with 412 already_exists', async () => {
    const res = checkPreconditions(req('PUT', { 'If-None-Match': '*' }), current, { requestId: 'r' });
    expect(res?.status).toBe(412);
    expect(res?.headers.get('etag')).toBe('"T-1:4"');
    expect(await body(res)).toMatchObject({
      type: PROBLEM_TYPES.alreadyExists,
      reason: 'already_exists',
      existing: '/api/tickets/T-1',
      current: { id: 'T-1', version: 4 },
      requestId: 'r',
    });
  });

  it('lets If-None-Match: * create when nothing exists, without asking for If-Match', () => {
    expect(checkPreconditions(req('PUT', { 'If-None-Match': '*' }), null)).toBeNull();
  });

  it('answers a matching tag list on a write with 412 precondition_failed', async () => {
    const res = checkPreconditions(req('PUT', { 'If-None-Match': 'W/"T-1:4"' }), current);
    expect(res?.status).toBe(412);
    expect(await body(res)).toMatchObject({ reason: 'precondition_failed' });
  });
});

describe('checkPreconditions: malformed headers', () => {
  it.each([
    ['If-Match', 'T-1:4'],
    ['If-Match', '"unterminated'],
    ['If-Match', '*, "a"'],
    ['If-Match', ''],
    ['If-None-Match', 'W/x'],
    ['If-None-Match', '"a" "b"'],
  ])('answers %s: %j with a 400 problem instead of guessing', async (name, value) => {
    const res = checkPreconditions(req('PUT', { [name]: value, 'If-Match': name === 'If-Match' ? value : '"T-1:4"' }), current, {
      requestId: 'req_4',
    });
    expect(res?.status).toBe(400);
    expect(await body(res)).toMatchObject({ reason: 'malformed_precondition', field: name, requestId: 'req_4' });
  });
});

describe('checkPreconditions: 428 Precondition Required (RFC 6585 §3)', () => {
  it('requires a precondition on PUT, PATCH and DELETE by default', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = checkPreconditions(req(method), current, { requestId: 'r' });
      expect(res?.status).toBe(428);
      expect(await body(res)).toMatchObject({ reason: 'precondition_required', requestId: 'r' });
    }
  });

  it('does not require one on GET and POST unless asked to', () => {
    expect(checkPreconditions(req('GET'), current)).toBeNull();
    expect(checkPreconditions(req('POST'), current)).toBeNull();
    expect(checkPreconditions(req('POST'), current, { require: true })?.status).toBe(428);
    expect(checkPreconditions(req('PUT'), current, { require: false })).toBeNull();
  });

  it('counts If-Unmodified-Since and a body version as preconditions, but not an unparseable date', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    const dated = { ...current, lastModified: date };
    expect(checkPreconditions(req('PUT', { 'If-Unmodified-Since': date.toUTCString() }), dated)).toBeNull();
    expect(checkPreconditions(req('PUT'), current, { bodyVersion: 4 })).toBeNull();
    expect(checkPreconditions(req('PUT', { 'If-Unmodified-Since': 'yesterday' }), dated)?.status).toBe(428);
  });

  it('does not let a write through on a precondition that says nothing about its base version', () => {
    // Ignored without a modification date (RFC 9110 §13.1.4): the write is unconditional.
    const since = { 'If-Unmodified-Since': new Date('2030-01-01T00:00:00Z').toUTCString() };
    expect(checkPreconditions(req('PUT', since), current)?.status).toBe(428);
    // A non-matching If-None-Match on an existing resource does not guard an update.
    expect(checkPreconditions(req('PUT', { 'If-None-Match': '"other"' }), current)?.status).toBe(428);
    // If-None-Match: * does guard a create.
    expect(checkPreconditions(req('PUT', { 'If-None-Match': '*' }), null)).toBeNull();
    // If-Match: * is satisfied by any version, so it cannot tell which one the update was based on.
    expect(checkPreconditions(req('PUT', { 'If-Match': '*' }), current)?.status).toBe(428);
    expect(checkPreconditions(req('PUT', { 'If-Match': '*' }), current, { require: false })).toBeNull();
  });
});

describe('checkPreconditions: dates (RFC 9110 §13.1.3, §13.1.4)', () => {
  const lastModified = new Date('2026-03-01T10:00:00.750Z');
  const dated: CurrentState = { ...current, lastModified };
  const at = (iso: string) => new Date(iso).toUTCString();

  it('fails If-Unmodified-Since with the stale problem when the resource changed after it', async () => {
    const res = checkPreconditions(req('PUT', { 'If-Unmodified-Since': at('2026-03-01T09:59:59Z') }), dated);
    expect(res?.status).toBe(412);
    expect(await body(res)).toMatchObject({ reason: 'version_mismatch' });
  });

  it('compares whole seconds, since HTTP dates have no milliseconds', () => {
    expect(checkPreconditions(req('PUT', { 'If-Unmodified-Since': at('2026-03-01T10:00:00Z') }), dated)).toBeNull();
    expect(checkPreconditions(req('GET', { 'If-Modified-Since': at('2026-03-01T10:00:00Z') }), dated)?.status).toBe(304);
  });

  it('answers If-Modified-Since on GET with 304 only when nothing changed since', () => {
    expect(checkPreconditions(req('GET', { 'If-Modified-Since': at('2026-03-01T11:00:00Z') }), dated)?.status).toBe(304);
    expect(checkPreconditions(req('GET', { 'If-Modified-Since': at('2026-03-01T09:00:00Z') }), dated)).toBeNull();
  });

  it('ignores If-Modified-Since on writes and dates when no lastModified is known', () => {
    expect(
      checkPreconditions(req('POST', { 'If-Modified-Since': at('2026-03-01T11:00:00Z') }), dated),
    ).toBeNull();
    expect(checkPreconditions(req('GET', { 'If-Modified-Since': at('2030-01-01T00:00:00Z') }), current)).toBeNull();
  });
});

describe('checkPreconditions: precedence (RFC 9110 §13.2.2)', () => {
  const lastModified = new Date('2026-03-01T10:00:00Z');
  const dated: CurrentState = { ...current, lastModified };
  const old = new Date('2020-01-01T00:00:00Z').toUTCString();
  const future = new Date('2030-01-01T00:00:00Z').toUTCString();

  it('ignores If-Unmodified-Since when If-Match is present', () => {
    expect(checkPreconditions(req('PUT', { 'If-Match': '"T-1:4"', 'If-Unmodified-Since': old }), dated)).toBeNull();
  });

  it('ignores If-Modified-Since when If-None-Match is present', () => {
    expect(checkPreconditions(req('GET', { 'If-None-Match': '"other"', 'If-Modified-Since': future }), dated)).toBeNull();
  });

  it('evaluates If-Match before If-None-Match: a failed If-Match is a 412 even on GET with a matching If-None-Match', () => {
    const res = checkPreconditions(req('GET', { 'If-Match': '"old"', 'If-None-Match': '"T-1:4"' }), current);
    expect(res?.status).toBe(412);
  });

  it('evaluates If-Unmodified-Since before If-None-Match', () => {
    const res = checkPreconditions(req('GET', { 'If-Unmodified-Since': old, 'If-None-Match': '"T-1:4"' }), dated);
    expect(res?.status).toBe(412);
  });

  it('answers 304 after a passing If-Match when If-None-Match matches on GET', () => {
    const res = checkPreconditions(req('GET', { 'If-Match': '"T-1:4"', 'If-None-Match': '"T-1:4"' }), current);
    expect(res?.status).toBe(304);
  });

  it('rejects a malformed header before evaluating anything', () => {
    const res = checkPreconditions(req('PUT', { 'If-Match': '"old"', 'If-None-Match': 'bad' }), current);
    expect(res?.status).toBe(400);
  });
});

describe('checkPreconditions: body version', () => {
  it('answers a stale body version on a write with 409 version_mismatch', async () => {
    const res = checkPreconditions(req('PATCH'), current, { bodyVersion: 3, requestId: 'r' });
    expect(res?.status).toBe(409);
    expect(res?.headers.get('etag')).toBe('"T-1:4"');
    expect(await body(res)).toMatchObject({
      reason: 'version_mismatch',
      currentVersion: 4,
      attemptedVersion: 3,
      current: { id: 'T-1', version: 4 },
    });
  });

  it('compares versions as strings, and checks them even when If-Match passed', () => {
    expect(checkPreconditions(req('PATCH'), current, { bodyVersion: '4' })).toBeNull();
    expect(checkPreconditions(req('PATCH', { 'If-Match': '"T-1:4"' }), current, { bodyVersion: 2 })?.status).toBe(409);
  });
});
