import { expect } from 'vitest';
import type { Conflict, ConflictKind } from '../../src/core/conflict';

/** A response as a server would send it. */
export function respond(status: number, body: string | null, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/** The request that got it. */
export function send(method: string, url: string, headers: Record<string, string> = {}, body?: string): Request {
  return new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
}

/** Asserts a conflict's kind, narrowing its type for the members that follow. */
export function expectKind<K extends ConflictKind>(conflict: Conflict, kind: K): asserts conflict is Extract<Conflict, { kind: K }> {
  expect(conflict.kind).toBe(kind);
}
