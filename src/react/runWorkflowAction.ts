import type { Conflict, TransitionConflict } from '../core/conflict';
import { compact } from '../core/readers/bodyMembers';
import type { ConflictKit } from './ConflictKitContext';
import type { RecordHandle } from './RecordHandle';
import { emitConflictEvent } from './emitConflictEvent';
import { untilStopped } from './untilStopped';

/** How a workflow action ended, as the mutation's data. Failures (network, HTTP errors) are the mutation's error. */
export type WorkflowOutcome<T> =
  /** Done: `to` is the action that ran (the one asked for, or the one the user chose instead). */
  | { readonly outcome: 'done'; readonly value: T; readonly to: string }
  /** Not done: the server refused it; for a transition the user was told what is still allowed and chose nothing. Never replayed. */
  | { readonly outcome: 'refused'; readonly conflict: Conflict }
  /** The page that ran it went away while the user was being asked. */
  | { readonly outcome: 'cancelled'; readonly conflict: TransitionConflict };

/** Everything one workflow action needs. @internal */
export interface WorkflowSettings {
  readonly kit: Pick<ConflictKit, 'client' | 'resolver' | 'announce'>;
  readonly url: string;
  /** The record the action changes, whose version is recorded and whose query is refreshed. */
  readonly record?: RecordHandle | undefined;
  /** Refreshes the record's query (the record is not what the screen showed, or it changed). */
  readonly refresh: () => void;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs a workflow action (`{ to }`); when the server refuses it as an invalid
 * transition, the resolver explains the current state and offers the allowed
 * actions, and a chosen one is sent as a new request: the refused one never
 * is. Throws real failures.
 * @internal
 */
export async function runWorkflowAction<T>(settings: WorkflowSettings, to: string): Promise<WorkflowOutcome<T>> {
  const { kit, url, record, refresh, signal } = settings;
  for (let action = to; ; ) {
    const result = await kit.client.transition<T>(url, { to: action }, compact({ key: record?.key }));
    // Done or refused, the record is not what the screen showed.
    refresh();
    if (result.ok) {
      if (record) kit.announce(record.key, result.validator, result.value);
      return { outcome: 'done', value: result.value, to: action };
    }
    const { conflict } = result;
    const answer = conflict.kind === 'transition' ? await untilStopped(kit.resolver.transition({ conflict, attempted: action, ...compact({ signal }) }), signal) : null;
    emitConflictEvent(kit.client, conflict, { type: 'conflict.resolved', outcome: answer === undefined ? 'abandoned-draft' : answer?.action === 'choose' ? 'transition-chosen' : 'cancelled' });
    if (answer === undefined) return { outcome: 'cancelled', conflict: conflict as TransitionConflict };
    if (answer?.action !== 'choose') return { outcome: 'refused', conflict };
    // The chosen step is a new request, and a conflict of its own if refused.
    action = answer.to;
  }
}
