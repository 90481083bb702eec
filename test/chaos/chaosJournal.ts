/**
 * What the simulated users did and saw, and the checks of "nothing lost"
 * against the server's commit history.
 */
import type { ConflictEvent } from '../../src/core/telemetry/ConflictEvent';
import type { ChaosTarget, Commit } from './chaosTarget';

/** A record as plain JSON. */
export type Loose = Record<string, unknown>;

/** The fields a client writes, per resource; the rest is server-owned. */
export const WRITABLE: Readonly<Record<'tickets' | 'documents', readonly string[]>> = {
  tickets: ['title', 'status', 'assignee', 'description'],
  documents: ['title', 'content'],
};

/** Every token a user typed looks like `c3e17` (client 3, edit 17). */
const TOKEN = /\bc\d+e\d+\b/g;
/** Ticket-create intents put `i3n5` (client 3, intent 5) into the new ticket's title. */
const INTENT_TOKEN = /\bc\d+i\d+\b/g;

/** The tokens in any JSON value. */
export function tokensIn(value: unknown): Set<string> {
  return new Set(JSON.stringify(value ?? null).match(TOKEN) ?? []);
}

/** The writable fields of a record, for content comparisons. */
export function writableOf(resource: 'tickets' | 'documents', value: Loose): Loose {
  const out: Loose = {};
  for (const field of WRITABLE[resource]) out[field] = value[field] ?? null;
  return out;
}

export function resourceOf(id: string): 'tickets' | 'documents' | 'orders' {
  if (id.startsWith('T-')) return 'tickets';
  if (id.startsWith('D-')) return 'documents';
  return 'orders';
}

/** Counters printed at the end of a run. */
export interface ChaosStats {
  readonly ops: Record<string, number>;
  readonly opsByClient: number[];
  readonly conflicts: Record<string, number>;
  readonly faults: { dropRequested: number; dropped: number; offline: number; delayed: number; instanceDown: number };
  readonly merges: { auto: number; manual: number; intoTheirs: number };
  readonly outcomes: Record<string, number>;
  requests: number;
}

/** A save the server answered with success. */
export interface SaveRecord {
  readonly client: number;
  readonly actor: string;
  readonly id: string;
  /** The version in the `If-Match` the kit sent. */
  readonly sentVersion: number | undefined;
  /** The version of the snapshot the user's draft (or merge) was based on. */
  readonly baseVersion: number;
  /** The writable fields of that snapshot. */
  readonly baseContent: Loose;
  /** The draft as submitted (writable fields). */
  readonly submitted: Loose;
  /** What the server answered it stored. */
  readonly saved: Loose;
  readonly resultVersion: number;
}

/** A write the server acknowledged (2xx with the version it produced). */
export interface AcknowledgedWrite {
  readonly client: number;
  readonly method: string;
  readonly id: string;
  readonly version: number;
}

/** What one client's event stream delivered. */
export interface StreamRecord {
  readonly client: number;
  readonly instance: number;
  /** The feed position of the stream's first `ready`: every later change must arrive. */
  start: number;
  /** Event ids (change sequence numbers) in the order they arrived. */
  readonly seqs: number[];
  /** Events whose write came from a client of another instance. */
  crossInstance: number;
  /** Records this client held that an event marked stale. */
  staleMarks: number;
  /** …of those, marks for writes made on another instance. */
  crossStaleMarks: number;
  reconnects: number;
}

/** One create intent of a simulated user. */
export interface CreateIntentRecord {
  readonly client: number;
  readonly scope: string;
  readonly kind: 'ticket' | 'order';
  /** `c3i5` for tickets (in the title), the externalId for orders. */
  readonly token: string;
  /** Settled: created (or replayed) or adopted as a duplicate. */
  done: boolean;
  /** An attempt failed because its server instance was killed: its key may stay in flight for a while. */
  interrupted?: boolean;
  /** The record the client ended up with. */
  id?: string;
}

/** Everything recorded during one run. */
export interface ChaosJournal {
  readonly stats: ChaosStats;
  readonly saves: SaveRecord[];
  /** token → where it was typed. */
  readonly typed: Map<string, { readonly client: number; readonly id: string }>;
  /** token → why its author gave it up (an explicit choice). */
  readonly discarded: Map<string, string>;
  readonly intents: CreateIntentRecord[];
  /** Failures no fault explains (thrown errors other than NetworkError, unexpected conflicts). */
  readonly unexpected: string[];
  /** Drafts or intents still open after the settle phase. */
  readonly unsettled: string[];
  /** Every write the server acknowledged. */
  readonly acknowledged: AcknowledgedWrite[];
  /** Per client, what its event stream delivered (cluster runs). */
  readonly streams: StreamRecord[];
  /** Every conflict event the clients reported. */
  readonly clientEvents: ConflictEvent[];
  /** Every write the server refused as a conflict (409, 412, 428), by the request id it answered with. */
  readonly refusals: { readonly client: number; readonly status: number; readonly requestId: string | undefined }[];
}

export function createJournal(clients: number): ChaosJournal {
  return {
    stats: {
      ops: {},
      opsByClient: new Array<number>(clients).fill(0),
      conflicts: {},
      faults: { dropRequested: 0, dropped: 0, offline: 0, delayed: 0, instanceDown: 0 },
      merges: { auto: 0, manual: 0, intoTheirs: 0 },
      outcomes: {},
      requests: 0,
    },
    saves: [],
    typed: new Map(),
    discarded: new Map(),
    intents: [],
    unexpected: [],
    unsettled: [],
    acknowledged: [],
    streams: [],
    clientEvents: [],
    refusals: [],
  };
}

/**
 * Telemetry matches what the server saw: every write it refused as a
 * conflict has exactly one client `conflict.detected` event with its request
 * id, and no detected event names a request id the server did not refuse.
 */
export function checkTelemetry(journal: ChaosJournal): string[] {
  const violations: string[] = [];
  const detected = new Map<string, number>();
  for (const event of journal.clientEvents) {
    if (event.type === 'conflict.detected' && event.requestId !== undefined) detected.set(event.requestId, (detected.get(event.requestId) ?? 0) + 1);
  }
  const refused = new Set<string>();
  for (const refusal of journal.refusals) {
    if (refusal.requestId === undefined) {
      violations.push(`telemetry: a ${refusal.status} to client ${refusal.client} carried no request id`);
      continue;
    }
    refused.add(refusal.requestId);
    const n = detected.get(refusal.requestId) ?? 0;
    if (n !== 1) violations.push(`telemetry: refused write ${refusal.requestId} (${refusal.status}, client ${refusal.client}) has ${n} conflict.detected events, not 1`);
  }
  for (const requestId of detected.keys()) if (!refused.has(requestId)) violations.push(`telemetry: conflict.detected for ${requestId}, which the server did not refuse`);
  return violations;
}

export function bump(counter: Record<string, number>, name: string, by = 1): void {
  counter[name] = (counter[name] ?? 0) + by;
}

function versionKey(id: string, version: number): string {
  return `${id}@${version}`;
}

/** Every version of every record: the state before the run plus each commit. */
function versionsOf(target: ChaosTarget): Map<string, Loose> {
  const versions = new Map<string, Loose>();
  for (const [id, value] of target.initial) versions.set(versionKey(id, value.version as number), { ...value });
  for (const commit of target.commits) versions.set(versionKey(commit.id, commit.version), { ...commit.value });
  return versions;
}

/**
 * The server's version chain per record: starting from the version before the
 * run (or 1 for records created during it), every write adds exactly one,
 * no version is written twice, and every conditional write named the version
 * it replaced.
 */
function checkVersionChains(target: ChaosTarget, current: ReadonlyMap<string, Loose>, violations: string[]): void {
  const byId = new Map<string, Commit[]>();
  for (const commit of target.commits) {
    if (commit.kind === 'create') continue;
    const list = byId.get(commit.id) ?? [];
    list.push(commit);
    byId.set(commit.id, list);
  }
  for (const [id, record] of current) {
    const start = target.initial.has(id) ? (target.initial.get(id)?.version as number) : 1;
    const writes = (byId.get(id) ?? []).slice().sort((a, b) => a.version - b.version);
    writes.forEach((commit, i) => {
      const expected = start + i + 1;
      if (commit.version !== expected) {
        violations.push(`version chain of ${id}: write #${i + 1} produced version ${commit.version}, expected ${expected} (a skipped or repeated version)`);
      }
      if (commit.expectedVersion !== undefined && commit.expectedVersion !== commit.version - 1) {
        violations.push(`lost update on ${id}: the write producing version ${commit.version} was conditioned on version ${commit.expectedVersion}`);
      }
    });
    const last = start + writes.length;
    if (record.version !== last) violations.push(`${id} is at version ${String(record.version)} but its history ends at ${last}`);
  }
}

/**
 * Each save the kit reported as successful: it sent the version its draft was
 * based on, the server moved exactly that version one step forward, the
 * draft's base is the content of that version (else someone's change was
 * overwritten unseen), and the server stored what was submitted.
 */
function checkSaves(journal: ChaosJournal, versions: ReadonlyMap<string, Loose>, violations: string[]): void {
  for (const save of journal.saves) {
    const resource = resourceOf(save.id) as 'tickets' | 'documents';
    const where = `client ${save.client} save of ${save.id} → v${save.resultVersion}`;
    if (save.sentVersion !== save.baseVersion) {
      violations.push(`${where}: sent If-Match version ${String(save.sentVersion)} but the draft was based on version ${save.baseVersion}`);
    }
    if (save.resultVersion !== save.baseVersion + 1) {
      violations.push(`${where}: the result version is not base version ${save.baseVersion} + 1`);
    }
    const replaced = versions.get(versionKey(save.id, save.baseVersion));
    if (!replaced) {
      violations.push(`${where}: version ${save.baseVersion} never existed on the server`);
    } else if (JSON.stringify(writableOf(resource, replaced)) !== JSON.stringify(save.baseContent)) {
      violations.push(`lost update: ${where} was based on content that is not version ${save.baseVersion}'s, so changes of that version were overwritten unseen`);
    }
    const committed = versions.get(versionKey(save.id, save.resultVersion));
    if (!committed) violations.push(`${where}: no such commit on the server`);
    else if (committed.updatedBy !== save.actor) violations.push(`${where}: the commit is by ${String(committed.updatedBy)}`);
    if (JSON.stringify(save.saved) !== JSON.stringify(save.submitted)) {
      violations.push(`${where}: the server stored something other than the submitted draft`);
    }
  }
}

/** Creates: one order per externalId; one ticket per intent; every intent settled to a record that exists. */
function checkCreates(target: ChaosTarget, current: ReadonlyMap<string, Loose>, journal: ChaosJournal, violations: string[]): void {
  const byExternalId = new Map<string, number>();
  for (const record of current.values()) {
    if (typeof record.externalId === 'string') byExternalId.set(record.externalId, (byExternalId.get(record.externalId) ?? 0) + 1);
  }
  for (const [externalId, count] of byExternalId) {
    if (count > 1) violations.push(`duplicate create: ${count} orders with externalId ${externalId}`);
  }
  const ticketsByIntent = new Map<string, string[]>();
  for (const commit of target.commits) {
    if (commit.kind !== 'create' || commit.resource !== 'tickets') continue;
    for (const token of JSON.stringify(commit.value.title).match(INTENT_TOKEN) ?? []) {
      ticketsByIntent.set(token, [...(ticketsByIntent.get(token) ?? []), commit.id]);
    }
  }
  for (const [token, ids] of ticketsByIntent) {
    if (ids.length > 1) violations.push(`duplicate create: intent ${token} produced ${ids.length} tickets (${ids.join(', ')})`);
  }
  for (const intent of journal.intents) {
    if (!intent.done) continue;
    const record = intent.id !== undefined ? current.get(intent.id) : undefined;
    if (!record) {
      violations.push(`intent ${intent.scope} of client ${intent.client} settled on ${String(intent.id)}, which does not exist`);
      continue;
    }
    if (intent.kind === 'order' && record.externalId !== intent.token) {
      violations.push(`intent ${intent.scope} adopted ${String(intent.id)}, whose externalId is ${String(record.externalId)}`);
    }
    if (intent.kind === 'ticket' && !(ticketsByIntent.get(intent.token) ?? []).includes(record.id as string)) {
      violations.push(`intent ${intent.scope} settled on ${String(intent.id)}, which it did not create`);
    }
  }
}

/** Every token a user typed is in some committed version of its record, or in its author's discard log. */
function checkEdits(target: ChaosTarget, journal: ChaosJournal, violations: string[]): void {
  const history = new Map<string, Set<string>>();
  const add = (id: string, value: unknown): void => {
    const set = history.get(id) ?? new Set<string>();
    for (const token of tokensIn(value)) set.add(token);
    history.set(id, set);
  };
  for (const commit of target.commits) add(commit.id, commit.value);
  for (const [token, where] of journal.typed) {
    if (history.get(where.id)?.has(token) || journal.discarded.has(token)) continue;
    violations.push(`lost edit: client ${where.client} typed ${token} into ${where.id}; it was never saved and never explicitly discarded`);
  }
}

/** Every acknowledged write is committed (in the history) and the record has not gone back behind it. */
function checkAcknowledged(journal: ChaosJournal, versions: ReadonlyMap<string, Loose>, current: ReadonlyMap<string, Loose>, violations: string[]): void {
  for (const ack of journal.acknowledged) {
    const where = `client ${ack.client} ${ack.method} ${ack.id} acknowledged as v${ack.version}`;
    if (!versions.has(versionKey(ack.id, ack.version))) violations.push(`acknowledged write missing: ${where}, but no such version was committed`);
    const now = current.get(ack.id)?.version;
    if (typeof now !== 'number' || now < ack.version) violations.push(`acknowledged write missing: ${where}, but the record is at v${String(now)}`);
  }
}

/** Totals of what the event streams delivered, for the report. */
export interface StreamTotals {
  readonly expected: number;
  readonly delivered: number;
  readonly crossExpected: number;
  readonly crossDelivered: number;
  readonly staleMarks: number;
  readonly crossStaleMarks: number;
  readonly reconnects: number;
}

function instanceOfActor(actor: unknown, instances: number): number | undefined {
  const match = /^chaos-client-(\d+)$/.exec(String(actor));
  return match ? Number(match[1]) % instances : undefined;
}

/**
 * Every client's stream delivered every change committed after it started,
 * each once and in order, whichever instance made it (and across the kill
 * and restart of its own instance).
 */
export async function checkStreams(target: ChaosTarget, journal: ChaosJournal, violations: string[]): Promise<StreamTotals> {
  const totals = { expected: 0, delivered: 0, crossExpected: 0, crossDelivered: 0, staleMarks: 0, crossStaleMarks: 0, reconnects: 0 };
  if (journal.streams.length === 0) return totals;
  const instances = target.instances ?? 1;
  const from = Math.min(...journal.streams.map((stream) => stream.start));
  const changes: { seq: number; actor: string }[] = [];
  for (let cursor = from; ; ) {
    const batch = await target.store.changes.after(cursor, 1_000);
    changes.push(...batch);
    if (batch.length < 1_000) break;
    cursor = batch[batch.length - 1]?.seq ?? cursor;
  }
  for (const stream of journal.streams) {
    const expected = changes.filter((change) => change.seq > stream.start);
    const received = new Set(stream.seqs);
    const missing = expected.filter((change) => !received.has(change.seq));
    const where = `client ${stream.client}'s event stream (instance ${stream.instance})`;
    if (missing.length > 0) {
      violations.push(`stale mark lost: ${where} missed ${missing.length} of ${expected.length} changes (first: ${missing.slice(0, 5).map((c) => c.seq).join(', ')})`);
    }
    if (received.size !== stream.seqs.length) violations.push(`${where} got ${stream.seqs.length - received.size} changes twice`);
    if (stream.seqs.some((seq, i) => i > 0 && seq <= (stream.seqs[i - 1] as number))) violations.push(`${where} got changes out of order`);
    const cross = expected.filter((change) => instanceOfActor(change.actor, instances) !== stream.instance);
    totals.expected += expected.length;
    totals.delivered += expected.length - missing.length;
    totals.crossExpected += cross.length;
    totals.crossDelivered += cross.filter((change) => received.has(change.seq)).length;
    totals.staleMarks += stream.staleMarks;
    totals.crossStaleMarks += stream.crossStaleMarks;
    totals.reconnects += stream.reconnects;
  }
  return totals;
}

/** Runs every check; an empty list means nothing was lost. */
export async function checkHistory(target: ChaosTarget, journal: ChaosJournal): Promise<string[]> {
  const violations: string[] = [];
  const all = [...(await target.store.tickets.list()), ...(await target.store.documents.list()), ...(await target.store.orders.list())];
  const current = new Map<string, Loose>(all.map((record) => [record.id, { ...(record as unknown as Loose) }]));
  const versions = versionsOf(target);
  checkVersionChains(target, current, violations);
  checkSaves(journal, versions, violations);
  checkCreates(target, current, journal, violations);
  checkEdits(target, journal, violations);
  checkAcknowledged(journal, versions, current, violations);
  for (const problem of journal.unexpected) violations.push(`unexpected: ${problem}`);
  for (const open of journal.unsettled) violations.push(`unsettled: ${open}`);
  return violations;
}
