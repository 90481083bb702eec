import { clientContext } from './client/clientContext';
import { createRecord } from './client/createRecord';
import { readRecord, revalidateRecord } from './client/readRecord';
import { saveRecord } from './client/saveRecord';
import { transitionRecord } from './client/transitionRecord';
import type { ConflictClient, ConflictClientOptions } from './conflictClientTypes';
import { markChanged } from './remoteChange';
import { devWarning, isDev } from './devWarning';
import { bindEventSlot } from './telemetry/eventSlot';

/**
 * Creates a conflict client: reads record versions into a registry, guards
 * every write with them, creates once per intent, and hands back conflicts
 * as values while real failures are thrown as typed errors.
 */
export function createConflictClient(options: ConflictClientOptions = {}): ConflictClient {
  const ctx = clientContext(options);
  const client: ConflictClient = {
    registry: ctx.registry,
    keyFor: ctx.keyFor,
    intent: ctx.intent,
    changeOf: ctx.changeOf,
    read: async (url, opts = {}) => (await readRecord(ctx, url, opts, false))!,
    revalidate: (url, opts = {}) => revalidateRecord(ctx, url, opts),
    save: (url, value, opts = {}) => saveRecord(ctx, url, value, opts),
    create: (url, body, opts) => createRecord(ctx, url, body, opts),
    transition: (url, body, opts = {}) => transitionRecord(ctx, url, body, opts),
    markStale: (record, change = {}) => markChanged(ctx.registry, ctx.keyOf(record), change),
  };
  bindEventSlot(client, ctx.events);
  // Written out, not only inside devWarning, so that production builds drop the message.
  if (isDev && 'onConflictEvent' in options) {
    devWarning('The onConflictEvent option is gone: listen with subscribeConflictEvents(client, listener) from conflict-kit/telemetry.');
  }
  return client;
}
