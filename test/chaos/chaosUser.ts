/**
 * One simulated person at one browser tab: a real conflict client with its
 * own registry and intent storage, a fetch that suffers faults, and the
 * habits of a user (edit drafts, save, merge when told someone else changed
 * the record, retry creates, click twice).
 */
import {
  NetworkError,
  createConflictClient,
  memoryIntentStorage,
  mergeRecords,
  resolveConflict,
  resolveMerge,
  type ConflictClient,
  type FetchLike,
  type MergeChoice,
  type RecordMergeOptions,
} from '../../src/core';
import { formatETag, parseETag } from '../../src/advanced';
import { prng } from '../support/prng';
import { subscribeConflictEvents } from '../../src/telemetry';
import { bump, tokensIn, writableOf, type ChaosJournal, type CreateIntentRecord, type Loose, type StreamRecord } from './chaosJournal';
import { followChanges, type ChangeFollower, type StreamedChange } from './chaosStream';
import type { ChaosTarget } from './chaosTarget';

/** Deliberate bugs, to prove each check bites. */
export type Sabotage = 'blind-overwrite' | 'silent-theirs' | 'new-key-per-retry' | 'reconnect-without-last-event-id';

/** Fault and behaviour settings of a run. */
export interface ChaosUserOptions {
  /** Share of writes that ask the server to drop the response after committing. */
  readonly dropRate: number;
  /** Largest random delay before sending and after receiving, in ms (reorders clients). */
  readonly maxDelayMs: number;
  readonly sabotage?: Sabotage | undefined;
}

/** One operation of one client, as the command generator produces it. */
export type ChaosOp =
  | { readonly type: 'read' | 'revalidate' | 'discard'; readonly client: number; readonly record: number; readonly seed: number }
  | { readonly type: 'edit'; readonly client: number; readonly record: number; readonly field: number; readonly seed: number }
  | { readonly type: 'save'; readonly client: number; readonly record: number; readonly method: 'PUT' | 'PATCH'; readonly seed: number }
  | { readonly type: 'createTicket' | 'doubleClickTicket'; readonly client: number; readonly seed: number }
  | { readonly type: 'createOrder' | 'doubleClickOrder'; readonly client: number; readonly externalId: number; readonly seed: number }
  | { readonly type: 'transition'; readonly client: number; readonly order: number; readonly to: number; readonly ifMatch: boolean; readonly seed: number }
  | { readonly type: 'offline'; readonly client: number; readonly requests: number; readonly seed: number }
  | { readonly type: 'barrier'; readonly client: number; readonly seed: number }
  | { readonly type: 'kill' | 'restart'; readonly client: number; readonly instance: number; readonly seed: number };

/** The records users edit. */
export const EDITABLE = ['T-1001', 'T-1002', 'T-1003', 'T-1004', 'D-1001'] as const;
const STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
const ORDER_STATES = ['paid', 'fulfilling', 'shipped', 'cancelled', 'placed'] as const;
const SEED_ORDERS = ['O-1001', 'O-1002', 'O-1003'] as const;

const MERGE_OPTIONS: RecordMergeOptions = {
  text: ['/description', '/content'],
  ignore: ['/id', '/version', '/updatedBy', '/updatedAt'],
};

interface Draft {
  readonly id: string;
  readonly resource: 'tickets' | 'documents';
  readonly url: string;
  base: Loose;
  baseVersion: number;
  value: Loose;
}

const isLoose = (value: unknown): value is Loose => value !== null && typeof value === 'object' && !Array.isArray(value);
const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function versionOfTag(header: string | undefined): number | undefined {
  const tag = parseETag(header ?? null);
  const version = tag ? Number(tag.opaque.slice(tag.opaque.lastIndexOf(':') + 1)) : Number.NaN;
  return Number.isInteger(version) ? version : undefined;
}

export class ChaosUser {
  readonly client: ConflictClient;
  readonly actor: string;
  private readonly drafts = new Map<string, Draft>();
  private readonly intents: CreateIntentRecord[] = [];
  private readonly knownOrders = new Set<string>(SEED_ORDERS);
  private readonly sentWrites: { method: string; url: string; ifMatch: string | undefined }[] = [];
  private rng: () => number = prng(1);
  private typedCount = 0;
  private intentCount = 0;
  private offlineFor = 0;
  /** No faults: the settle phase, when connectivity is back for good. */
  private calm = false;
  /** Requests that failed because this client's server instance was killed. */
  private outageFailures = 0;
  /** The Retry-After of the last create whose key was still in flight on a killed instance. */
  private retryAfterMs = 0;
  private follower: ChangeFollower | undefined;
  private stream: StreamRecord | undefined;

  constructor(
    readonly index: number,
    private readonly target: ChaosTarget,
    private readonly journal: ChaosJournal,
    private readonly options: ChaosUserOptions,
  ) {
    this.actor = `chaos-client-${index}`;
    let keys = 0;
    this.client = createConflictClient({
      fetch: this.faultyFetch,
      baseUrl: target.baseUrlFor?.(index) ?? target.baseUrl,
      headers: { 'X-Actor': this.actor },
      intentStorage: memoryIntentStorage(),
      generateKey: () => `k-${index}-${++keys}-${Math.floor(this.rng() * 1e9)}`,
    });
    subscribeConflictEvents(this.client, (event) => journal.clientEvents.push(event));
  }

  private readonly faultyFetch: FetchLike = async (input, init) => {
    const { stats } = this.journal;
    stats.requests++;
    const method = (init.method ?? 'GET').toUpperCase();
    if (!this.calm && this.offlineFor > 0) {
      this.offlineFor--;
      stats.faults.offline++;
      throw new TypeError('Failed to fetch (simulated offline: the request was not sent)');
    }
    const headers = new Headers(init.headers);
    let drop = false;
    if (method !== 'GET') {
      this.sentWrites.push({ method, url: input, ifMatch: headers.get('if-match') ?? undefined });
      if (!this.calm && this.rng() < this.options.dropRate) {
        headers.set('x-fault', 'drop-response-after-commit');
        stats.faults.dropRequested++;
        drop = true;
      }
    }
    await this.delay();
    const epoch = this.target.epoch?.(this.index) ?? 0;
    try {
      const response = await this.target.fetch(input, { ...init, headers });
      if (method !== 'GET' && response.ok) this.acknowledge(method, response);
      // What the server refused as a conflict, by the request id it answered with, for the telemetry check.
      if (method !== 'GET' && (response.status === 409 || response.status === 412 || response.status === 428)) {
        this.journal.refusals.push({ client: this.index, status: response.status, requestId: response.headers.get('x-request-id') ?? undefined });
      }
      await this.delay();
      return response;
    } catch (error) {
      if (drop) stats.faults.dropped++;
      else if (this.target.outageSince?.(this.index, epoch)) {
        // The instance was killed under this request: a dead connection, as after a crash.
        stats.faults.instanceDown++;
        this.outageFailures++;
      } else this.journal.unexpected.push(`client ${this.index}: ${method} ${input} failed without an injected fault: ${describeError(error)}`);
      throw error;
    }
  };

  /** Notes a write the server acknowledged, by the version its ETag names. */
  private acknowledge(method: string, response: Response): void {
    const tag = parseETag(response.headers.get('etag'));
    if (!tag) return;
    const split = tag.opaque.lastIndexOf(':');
    const version = Number(tag.opaque.slice(split + 1));
    if (split > 0 && Number.isInteger(version)) this.journal.acknowledged.push({ client: this.index, method, id: tag.opaque.slice(0, split), version });
  }

  /** Follows the server's change feed on this client's instance, marking what it holds stale as a browser tab does. */
  async listen(): Promise<void> {
    const instances = this.target.instances ?? 1;
    const instance = this.target.instanceOf?.(this.index) ?? 0;
    const record: StreamRecord = { client: this.index, instance, start: 0, seqs: [], crossInstance: 0, staleMarks: 0, crossStaleMarks: 0, reconnects: 0 };
    this.stream = record;
    this.journal.streams.push(record);
    const base = this.target.baseUrlFor?.(this.index) ?? this.target.baseUrl;
    this.follower = followChanges(`${base}/api/events`, (change) => this.onChange(change, record, instances), {
      resume: this.options.sabotage !== 'reconnect-without-last-event-id',
    });
    record.start = await this.follower.start;
  }

  private onChange(change: StreamedChange, record: StreamRecord, instances: number): void {
    record.seqs.push(change.seq);
    const { resource, id, etag, version, actor, at } = change.data;
    const writer = /^chaos-client-(\d+)$/.exec(String(actor));
    const cross = writer !== null && Number(writer[1]) % instances !== record.instance;
    if (cross) record.crossInstance++;
    const key = this.client.keyFor(this.urlOf(String(id)));
    const before = this.client.registry.get(key)?.freshness;
    this.client.markStale(
      { key },
      {
        ...(typeof etag === 'string' ? { etag } : {}),
        ...(typeof version === 'number' ? { version } : {}),
        ...(typeof actor === 'string' ? { changedBy: actor } : {}),
        ...(typeof at === 'string' ? { changedAt: at } : {}),
      },
    );
    if (before !== 'stale' && this.client.registry.get(key)?.freshness === 'stale' && resource !== undefined) {
      record.staleMarks++;
      if (cross) record.crossStaleMarks++;
    }
  }

  /** The last event id this client's stream has seen. */
  get streamPosition(): number {
    return this.follower?.lastSeq ?? 0;
  }

  stopListening(): void {
    if (this.stream && this.follower) this.stream.reconnects = this.follower.reconnects;
    this.follower?.stop();
  }

  private async delay(): Promise<void> {
    if (this.calm || this.options.maxDelayMs <= 0) return;
    const ms = Math.floor(this.rng() * (this.options.maxDelayMs + 1));
    if (ms === 0) return;
    this.journal.stats.faults.delayed++;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)] as T;
  }

  private token(): string {
    return `c${this.index}e${++this.typedCount}`;
  }

  private typed(token: string, id: string): void {
    this.journal.typed.set(token, { client: this.index, id });
  }

  private discard(tokens: Iterable<string>, why: string): void {
    for (const token of tokens) if (this.journal.typed.has(token)) this.journal.discarded.set(token, why);
  }

  /** Runs one operation; expected failures (network) are counted, anything else is recorded as unexpected. */
  async run(op: ChaosOp): Promise<void> {
    this.rng = prng(op.seed);
    bump(this.journal.stats.ops, op.type);
    this.journal.stats.opsByClient[this.index] = (this.journal.stats.opsByClient[this.index] ?? 0) + 1;
    try {
      await this.perform(op);
    } catch (error) {
      if (error instanceof NetworkError) bump(this.journal.stats.outcomes, 'network error (kept for retry)');
      else this.journal.unexpected.push(`client ${this.index} ${op.type}: ${describeError(error)}`);
    }
  }

  private async perform(op: ChaosOp): Promise<void> {
    switch (op.type) {
      case 'read':
        return this.read(EDITABLE[op.record % EDITABLE.length] as string);
      case 'revalidate':
        await this.client.revalidate(this.urlOf(EDITABLE[op.record % EDITABLE.length] as string));
        return;
      case 'discard':
        return this.discardDraft(EDITABLE[op.record % EDITABLE.length] as string);
      case 'edit':
        return this.edit(EDITABLE[op.record % EDITABLE.length] as string, op.field);
      case 'save':
        await this.save(EDITABLE[op.record % EDITABLE.length] as string, op.method, 3);
        return;
      case 'createTicket':
        return this.createTicket(false);
      case 'doubleClickTicket':
        return this.createTicket(true);
      case 'createOrder':
        return this.createOrder(op.externalId, false);
      case 'doubleClickOrder':
        return this.createOrder(op.externalId, true);
      case 'transition':
        return this.transition(op.order, op.to, op.ifMatch);
      case 'offline':
        this.offlineFor = op.requests;
        return;
      case 'barrier':
      case 'kill':
      case 'restart':
        return;
      default:
        op satisfies never;
    }
  }

  private urlOf(id: string): string {
    const resource = id.startsWith('T-') ? 'tickets' : id.startsWith('D-') ? 'documents' : 'orders';
    return `/api/${resource}/${id}`;
  }

  private async read(id: string): Promise<void> {
    // While a draft is open the base must stay put, or the next save would overwrite unseen changes.
    await this.client.read(this.urlOf(id), { keepBase: this.drafts.has(id) });
  }

  private async ensureDraft(id: string): Promise<Draft> {
    const open = this.drafts.get(id);
    if (open) return open;
    const url = this.urlOf(id);
    let entry = this.client.registry.get(this.client.keyFor(url));
    if (!entry || !isLoose(entry.base) || entry.freshness === 'deleted') {
      await this.client.read(url);
      entry = this.client.registry.get(this.client.keyFor(url));
    }
    if (!entry || !isLoose(entry.base)) throw new Error(`no base for ${id} after reading it`);
    const base = entry.base;
    const draft: Draft = {
      id,
      resource: id.startsWith('T-') ? 'tickets' : 'documents',
      url,
      base,
      baseVersion: base.version as number,
      value: structuredClone(base),
    };
    this.drafts.set(id, draft);
    return draft;
  }

  private editText(text: string, insert: boolean): string {
    const lines = text.split('\n');
    if (insert || lines.length < 4) {
      const token = this.token();
      lines.splice(Math.floor(this.rng() * (lines.length + 1)), 0, `note ${token}`);
      return lines.join('\n');
    }
    lines.splice(Math.floor(this.rng() * lines.length), 1);
    return lines.join('\n');
  }

  private async edit(id: string, field: number): Promise<void> {
    const draft = await this.ensureDraft(id);
    const before = tokensIn(draft.value);
    const value = { ...draft.value };
    if (draft.resource === 'tickets') {
      switch (field % 7) {
        case 0:
          value.title = `Title ${this.token()}`;
          break;
        case 1:
          value.assignee = this.token();
          break;
        case 2:
          value.status = this.pick(STATUSES);
          break;
        case 6:
          value.description = this.editText(String(value.description), false);
          break;
        default:
          value.description = this.editText(String(value.description), true);
      }
    } else if (field % 7 === 0) {
      value.title = `Runbook ${this.token()}`;
    } else {
      value.content = this.editText(String(value.content), field % 7 !== 6);
    }
    const after = tokensIn(value);
    for (const token of after) if (!before.has(token)) this.typed(token, id);
    // The user's own overwrite or deletion is their explicit choice.
    this.discard([...before].filter((token) => !after.has(token)), 'changed again by its author');
    draft.value = value;
  }

  private discardDraft(id: string): void {
    const draft = this.drafts.get(id);
    if (!draft) return;
    const base = tokensIn(draft.base);
    this.discard([...tokensIn(draft.value)].filter((token) => !base.has(token)), 'draft discarded by its author');
    this.drafts.delete(id);
  }

  /** Saves the draft, merging on stale conflicts; `true` once nothing is left to save. */
  async save(id: string, method: 'PUT' | 'PATCH', attempts: number): Promise<boolean> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const draft = this.drafts.get(id);
      if (!draft) return true;
      const sentBefore = this.sentWrites.length;
      const result = await this.client.save<Loose>(draft.url, draft.value, { method });
      if (result.ok) {
        const sent = this.sentWrites.slice(sentBefore).reverse().find((write) => write.method === method);
        this.journal.saves.push({
          client: this.index,
          actor: this.actor,
          id,
          sentVersion: versionOfTag(sent?.ifMatch),
          baseVersion: draft.baseVersion,
          baseContent: writableOf(draft.resource, draft.base),
          submitted: writableOf(draft.resource, draft.value),
          saved: writableOf(draft.resource, result.value),
          resultVersion: result.value.version as number,
        });
        bump(this.journal.stats.outcomes, 'saved');
        this.drafts.delete(id);
        return true;
      }
      bump(this.journal.stats.conflicts, result.conflict.kind);
      if (result.conflict.kind !== 'stale') {
        this.journal.unexpected.push(`client ${this.index} save of ${id}: ${result.conflict.kind} conflict (${result.conflict.reason ?? 'no reason'})`);
        return false;
      }
      await this.merge(draft);
    }
    return !this.drafts.has(id);
  }

  /** Re-reads theirs and merges the draft into it: clean merges automatically, conflicts by random choices. */
  private async merge(draft: Draft): Promise<void> {
    const theirs = await this.client.read<Loose>(draft.url, { keepBase: true });
    const mine = draft.value;
    let resolved: Loose;
    const sabotage = this.options.sabotage;
    if (sabotage === 'silent-theirs') {
      resolved = theirs.value;
    } else if (sabotage === 'blind-overwrite') {
      resolved = { ...mine, version: theirs.value.version };
    } else {
      const merged = mergeRecords<Loose>(draft.base, mine, theirs.value, MERGE_OPTIONS);
      if (merged.clean) {
        this.journal.stats.merges.auto++;
        resolved = merged.value;
      } else {
        this.journal.stats.merges.manual++;
        const choices: Record<string, MergeChoice> = {};
        for (const conflict of merged.conflicts) {
          const text = conflict.pointer === '/description' || conflict.pointer === '/content';
          const roll = this.rng();
          let choice: MergeChoice;
          if (roll < 0.4) choice = 'mine';
          else if (roll < 0.65) choice = 'theirs';
          else if (roll < 0.85 && text) choice = 'both';
          else if (conflict.pointer === '/status') choice = { custom: this.pick(STATUSES) };
          else {
            // The user types something new instead of either side.
            const token = this.token();
            this.typed(token, draft.id);
            const custom = text ? `${String(conflict.theirs)}\nresolved ${token}` : conflict.pointer === '/title' ? `Merged ${token}` : token;
            choice = { custom };
          }
          choices[conflict.pointer] = choice;
          const kept = tokensIn(resolveConflict(conflict, choice));
          this.discard([...tokensIn(conflict.mine)].filter((token) => !kept.has(token)), `merge choice ${JSON.stringify(choice)} at ${conflict.pointer}`);
        }
        resolved = resolveMerge(merged, choices);
      }
    }
    // Rebase: the merge result is now a draft on top of theirs.
    this.client.registry.record(this.client.keyFor(draft.url), { validator: theirs.validator, base: theirs.value });
    if (sabotage !== 'blind-overwrite') draft.base = theirs.value;
    draft.baseVersion = theirs.value.version as number;
    draft.value = resolved;
    if (JSON.stringify(writableOf(draft.resource, resolved)) === JSON.stringify(writableOf(draft.resource, theirs.value))) {
      // Everything of mine is already in theirs (or was given up): nothing left to save.
      this.journal.stats.merges.intoTheirs++;
      this.drafts.delete(draft.id);
    }
  }

  private intentFor(kind: 'ticket' | 'order', externalId?: string): CreateIntentRecord {
    const pending = this.intents.find((intent) => !intent.done && intent.kind === kind && (externalId === undefined || intent.token === externalId));
    if (pending) return pending;
    const token = externalId ?? `c${this.index}i${++this.intentCount}`;
    const record: CreateIntentRecord = { client: this.index, scope: `${kind}s/new:${token}`, kind, token, done: false };
    this.intents.push(record);
    this.journal.intents.push(record);
    return record;
  }

  private async createTicket(twice: boolean): Promise<void> {
    const intent = this.intentFor('ticket');
    // A broken client makes a new key for every attempt (every click, every retry).
    const scope = (): string => (this.options.sabotage === 'new-key-per-retry' ? `${intent.scope}#${Math.floor(this.rng() * 1e9)}` : intent.scope);
    const body = { title: `New ticket ${intent.token}`, description: 'created by the chaos run' };
    await this.settleCreate(intent, () => this.client.create<Loose>('/api/tickets', body, { intent: scope() }), twice);
  }

  private async createOrder(externalIndex: number, twice: boolean): Promise<void> {
    const externalId = `chaos-ext-${externalIndex}`;
    const mine = this.intents.filter((intent) => intent.kind === 'order' && intent.token === externalId);
    // A resubmit after success starts a new intent (new key): the server must answer "already exists".
    const intent = mine.find((candidate) => !candidate.done) ?? (mine.length > 0 ? this.resubmit(externalId) : this.intentFor('order', externalId));
    const body = { externalId, items: [{ sku: `SKU-${this.index}`, quantity: 1 + this.index }] };
    await this.settleCreate(intent, () => this.client.create<Loose>('/api/orders', body, { intent: intent.scope }), twice);
  }

  private resubmit(externalId: string): CreateIntentRecord {
    const record: CreateIntentRecord = { client: this.index, scope: `orders/new:${externalId}`, kind: 'order', token: externalId, done: false };
    this.intents.push(record);
    this.journal.intents.push(record);
    return record;
  }

  private async settleCreate(
    intent: CreateIntentRecord,
    send: () => ReturnType<ConflictClient['create']>,
    twice: boolean,
  ): Promise<void> {
    const outagesBefore = this.outageFailures;
    const attempts = twice ? [send(), send()] : [send()];
    const results = await Promise.allSettled(attempts);
    // The attempt reached an instance that was then killed: its key may be held until the claim lapses.
    if (this.outageFailures > outagesBefore) intent.interrupted = true;
    let network: unknown;
    for (const settled of results) {
      if (settled.status === 'rejected') {
        network ??= settled.reason;
        continue;
      }
      const result = settled.value;
      if (result.ok) {
        bump(this.journal.stats.outcomes, result.replayed ? 'create replayed' : 'created');
        const id = ((result.read ? result.value : result.reply) as Loose | undefined)?.id;
        if (intent.done && intent.id !== id) this.journal.unexpected.push(`intent ${intent.scope}: a second attempt got ${String(id)}, the first ${String(intent.id)}`);
        intent.done = true;
        if (typeof id === 'string') intent.id = id;
        continue;
      }
      const { conflict } = result;
      bump(this.journal.stats.conflicts, conflict.kind);
      if (conflict.kind === 'duplicate' && intent.kind === 'order' && conflict.existing !== undefined) {
        const existing = await this.client.read<Loose>(conflict.existing);
        bump(this.journal.stats.outcomes, 'duplicate adopted');
        intent.done = true;
        if (typeof existing.value.id === 'string') intent.id = existing.value.id;
        continue;
      }
      if (conflict.kind === 'idempotency-in-flight' && twice) continue;
      if (conflict.kind === 'idempotency-in-flight' && intent.interrupted) {
        // The killed instance's claim on the key has not lapsed yet: retry later, with the same key.
        bump(this.journal.stats.outcomes, 'create in flight on a killed instance (retried later)');
        this.retryAfterMs = (conflict.retryAfter ?? 1) * 1_000;
        continue;
      }
      this.journal.unexpected.push(`client ${this.index} create ${intent.scope}: ${conflict.kind} conflict (${conflict.reason ?? 'no reason'})`);
    }
    if (intent.kind === 'order' && intent.done && intent.id !== undefined) this.knownOrders.add(intent.id);
    if (!intent.done && network !== undefined) throw network;
  }

  private async transition(orderIndex: number, toIndex: number, withIfMatch: boolean): Promise<void> {
    const orders = [...this.knownOrders];
    const id = orders[orderIndex % orders.length] as string;
    const url = this.urlOf(id);
    const entry = this.client.registry.get(this.client.keyFor(url));
    const etag = withIfMatch ? entry?.validator.etag : undefined;
    const to = ORDER_STATES[toIndex % ORDER_STATES.length] as string;
    const result = await this.client.transition(`${url}/transitions`, { to }, {
      key: url,
      ...(etag && !etag.weak ? { headers: { 'If-Match': formatETag(etag) } } : {}),
    });
    if (result.ok) {
      bump(this.journal.stats.outcomes, 'transitioned');
      return;
    }
    bump(this.journal.stats.conflicts, result.conflict.kind);
    // A refused action is shown, never replayed.
    if (result.conflict.kind !== 'transition' && result.conflict.kind !== 'stale') {
      this.journal.unexpected.push(`client ${this.index} transition of ${id} to ${to}: ${result.conflict.kind} conflict`);
    }
  }

  /** After the storm: online, no faults; every draft saved or merged, every create intent settled. */
  async settle(): Promise<void> {
    this.calm = true;
    this.offlineFor = 0;
    for (const id of [...this.drafts.keys()]) {
      let done = false;
      for (let round = 0; round < 20 && !done; round++) {
        try {
          done = await this.save(id, round % 2 === 0 ? 'PUT' : 'PATCH', 5);
        } catch (error) {
          this.journal.unexpected.push(`client ${this.index} settling ${id}: ${describeError(error)}`);
          break;
        }
      }
      if (!done) this.journal.unsettled.push(`client ${this.index} could not save its draft of ${id}`);
    }
    for (const intent of this.intents) {
      // A key a killed instance held stays "in flight" until its claim lapses; the retry honours Retry-After.
      for (let attempt = 0; !intent.done && attempt < 30; attempt++) {
        this.retryAfterMs = 0;
        try {
          if (intent.kind === 'ticket') await this.createTicket(false);
          else await this.createOrder(Number(intent.token.slice('chaos-ext-'.length)), false);
        } catch (error) {
          this.journal.unexpected.push(`client ${this.index} settling ${intent.scope}: ${describeError(error)}`);
          break;
        }
        if (intent.done || this.retryAfterMs === 0) break;
        await new Promise((resolve) => setTimeout(resolve, this.retryAfterMs));
      }
      if (!intent.done) this.journal.unsettled.push(`client ${this.index} intent ${intent.scope} never completed`);
    }
  }
}
