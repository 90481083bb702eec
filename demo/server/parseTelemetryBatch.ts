/**
 * The collector's gate: a batch of client conflict events is taken whole or
 * not at all. Every member is checked against the event contract (known
 * types, no extra members, ids in their shapes, short strings, sane
 * numbers), so nothing a hostile page sends is stored, and no field value
 * can ride along: there is no member a value could hide in.
 */
import type { ConflictEvent, ConflictEventKind, ConflictEventType, ConflictResolutionOutcome } from '../../src/core';

/** What a conflict was (the client's `ConflictEventKind`). */
export const CONFLICT_KINDS = ['edit', 'duplicate', 'transition', 'precondition-required', 'other'] as const satisfies readonly ConflictEventKind[];

/** How a conflict ended (the client's `ConflictResolutionOutcome`). */
export const RESOLUTION_OUTCOMES = [
  'auto-merged',
  'kept-mine',
  'kept-theirs',
  'mixed',
  'adopted-existing',
  'transition-chosen',
  'cancelled',
  'abandoned-draft',
] as const satisfies readonly ConflictResolutionOutcome[];

/** The event types a client may send. */
export const CONFLICT_EVENT_TYPES = [
  'conflict.detected',
  'conflict.auto-merged',
  'conflict.dialog-shown',
  'conflict.resolved',
  'save.retried',
  'create.replayed',
] as const satisfies readonly ConflictEventType[];

/** One validated client event, as the collector stores it: the client's own contract. */
export type CollectedEvent = ConflictEvent;

/** Most events in one batch. */
export const MAX_BATCH_EVENTS = 100;
/** Largest batch body, in bytes. */
export const MAX_BATCH_BYTES = 65_536;

/** The outcome of {@link parseTelemetryBatch}. */
export type TelemetryBatchResult =
  | { readonly ok: true; readonly events: readonly CollectedEvent[] }
  | { readonly ok: false; readonly field: string; readonly message: string };

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
// A route template: path segments and `:param` placeholders, never a query or a fragment.
const RESOURCE = /^\/[A-Za-z0-9._~:/-]{0,199}$/;
const REASON = /^[A-Za-z0-9._:-]{1,64}$/;
const METHOD = /^[A-Z]{3,10}$/;
const EARLIEST = Date.UTC(2020, 0, 1);
const DAY = 86_400_000;

const BASE_KEYS = ['type', 'at', 'conflictId', 'kind', 'resource', 'requestId', 'traceId'];
const EXTRA_KEYS: Record<(typeof CONFLICT_EVENT_TYPES)[number], readonly string[]> = {
  'conflict.detected': ['reason', 'status', 'method'],
  'conflict.auto-merged': ['fields', 'hunks'],
  'conflict.dialog-shown': [],
  'conflict.resolved': ['outcome', 'choices', 'durationMs'],
  'save.retried': ['attempt'],
  'create.replayed': [],
};
const REQUIRED_EXTRA: Record<(typeof CONFLICT_EVENT_TYPES)[number], readonly string[]> = {
  ...EXTRA_KEYS,
  'conflict.resolved': ['outcome', 'durationMs'],
};
const CHOICE_KEYS = ['mine', 'theirs', 'both', 'original', 'edit'] as const;

class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function count(value: unknown, field: string, max: number, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Invalid(field, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function matching(value: unknown, field: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new Invalid(field, `must be ${what}`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function onlyKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Invalid(field ? `${field}.${key.slice(0, 40)}` : key.slice(0, 40), 'is not a member of this event type');
  }
}

function parseEvent(value: unknown, field: string, now: number): CollectedEvent {
  if (!isObject(value)) throw new Invalid(field, 'must be an object');
  const type = oneOf(value['type'], `${field}.type`, CONFLICT_EVENT_TYPES);
  onlyKeys(value, field, [...BASE_KEYS, ...EXTRA_KEYS[type]]);
  for (const key of REQUIRED_EXTRA[type]) if (!(key in value)) throw new Invalid(`${field}.${key}`, 'is missing');
  const at = count(value['at'], `${field}.at`, now + DAY, EARLIEST);
  const base: Record<string, unknown> = {
    type,
    at,
    conflictId: matching(value['conflictId'], `${field}.conflictId`, ID, '1 to 128 letters, digits or . _ : -'),
    kind: oneOf(value['kind'], `${field}.kind`, CONFLICT_KINDS),
    resource: matching(value['resource'], `${field}.resource`, RESOURCE, 'a route template such as /api/tickets/:id (at most 200 characters, no query)'),
  };
  if (value['requestId'] !== undefined) base['requestId'] = matching(value['requestId'], `${field}.requestId`, ID, '1 to 128 letters, digits or . _ : -');
  if (value['traceId'] !== undefined) base['traceId'] = matching(value['traceId'], `${field}.traceId`, TRACE_ID, '32 lowercase hex digits, not all zero');
  switch (type) {
    case 'conflict.detected':
      base['reason'] = matching(value['reason'], `${field}.reason`, REASON, '1 to 64 letters, digits or . _ : -');
      base['status'] = count(value['status'], `${field}.status`, 599, 100);
      base['method'] = matching(value['method'], `${field}.method`, METHOD, 'an uppercase method such as PUT');
      break;
    case 'conflict.auto-merged':
      base['fields'] = count(value['fields'], `${field}.fields`, 100_000);
      base['hunks'] = count(value['hunks'], `${field}.hunks`, 100_000);
      break;
    case 'conflict.resolved': {
      base['outcome'] = oneOf(value['outcome'], `${field}.outcome`, RESOLUTION_OUTCOMES);
      const duration = value['durationMs'];
      if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0 || duration > 30 * DAY) {
        throw new Invalid(`${field}.durationMs`, 'must be a number of milliseconds from 0 to 30 days');
      }
      base['durationMs'] = duration;
      const choices = value['choices'];
      if (choices !== undefined) {
        if (!isObject(choices)) throw new Invalid(`${field}.choices`, 'must be an object');
        onlyKeys(choices, `${field}.choices`, CHOICE_KEYS);
        base['choices'] = Object.fromEntries(CHOICE_KEYS.map((key) => [key, count(choices[key], `${field}.choices.${key}`, 100_000)]));
      }
      break;
    }
    case 'save.retried':
      base['attempt'] = count(value['attempt'], `${field}.attempt`, 1_000, 1);
      break;
    case 'conflict.dialog-shown':
    case 'create.replayed':
      break;
    default:
      return type satisfies never;
  }
  return base as unknown as CollectedEvent;
}

/**
 * Checks a parsed collector body, `{ "events": [...] }`: 1 to
 * {@link MAX_BATCH_EVENTS} events, each exactly as the contract describes.
 * The first problem found is returned with the member it is in.
 */
export function parseTelemetryBatch(body: unknown, now: number = Date.now()): TelemetryBatchResult {
  try {
    if (!isObject(body)) throw new Invalid('', 'must be an object with an "events" array');
    onlyKeys(body, '', ['events']);
    const events = body['events'];
    if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH_EVENTS) {
      throw new Invalid('events', `must be an array of 1 to ${MAX_BATCH_EVENTS} events`);
    }
    return { ok: true, events: events.map((event, i) => parseEvent(event, `events[${i}]`, now)) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}
