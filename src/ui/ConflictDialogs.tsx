import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { FieldConflict } from '../core/mergeRecords';
import { useConflictSessions } from '../react/useConflictSessions';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

// The dialogs (and, behind the merge dialog, the merge engine) are needed only
// when a conflict happens: they load on demand, and on idle ahead of the first
// one. Each loader is memoised so a preload and React.lazy share one request.
const once = <T,>(load: () => Promise<T>): (() => Promise<T>) => {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load().catch((error: unknown) => {
    promise = undefined; // a failed chunk load may succeed later (flaky network)
    throw error;
  }));
};
const loadMerge = once(() => import('./MergeDialog').then((m) => ({ default: m.MergeDialog })));
const loadDuplicate = once(() => import('./DuplicatePrompt').then((m) => ({ default: m.DuplicatePrompt })));
const loadTransition = once(() => import('./TransitionDialog').then((m) => ({ default: m.TransitionDialog })));
const loadProblem = once(() => import('./ProblemDialog').then((m) => ({ default: m.ProblemDialog })));
const MergeDialog = lazy(loadMerge);
const DuplicatePrompt = lazy(loadDuplicate);
const TransitionDialog = lazy(loadTransition);
const ProblemDialog = lazy(loadProblem);

function preloadDialogs(): void {
  for (const load of [loadMerge, loadDuplicate, loadTransition, loadProblem]) load().catch(() => undefined);
}

/** Props of {@link ConflictDialogs}. */
export interface ConflictDialogsProps {
  /**
   * Names a record field in the merge dialog.
   * @default the pointer's segments joined with ' › '
   */
  readonly label?: (conflict: FieldConflict) => string;
  /**
   * Strings to override for every dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
  /**
   * Load the dialogs when the browser is idle, so the first conflict shows
   * without waiting for them; `false` loads them only when a conflict opens.
   * @default true
   */
  readonly preload?: boolean;
}

/**
 * Shows the oldest open conflict session of the provider with the dialog for
 * its kind, one at a time; drop `<ConflictDialogs />` inside `ConflictKitProvider`.
 * The dialogs are loaded on demand (see `preload`).
 */
export function ConflictDialogs({ label, strings, preload = true }: ConflictDialogsProps): ReactNode {
  const session = useConflictSessions()[0];
  useEffect(() => {
    if (!preload) return;
    const { requestIdleCallback: onIdle, cancelIdleCallback } = globalThis as Partial<typeof globalThis>;
    if (typeof onIdle === 'function' && typeof cancelIdleCallback === 'function') {
      const id = onIdle(preloadDialogs, { timeout: 5000 });
      return () => cancelIdleCallback(id);
    }
    // No requestIdleCallback (Safari): soon after the page settles.
    const id = setTimeout(preloadDialogs, 1000);
    return () => clearTimeout(id);
  }, [preload]);
  if (!session) return null;
  const shared = strings ? { strings } : {};
  let dialog: ReactNode;
  switch (session.type) {
    case 'merge':
      dialog = <MergeDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} {...(label ? { label } : {})} />;
      break;
    case 'duplicate':
      dialog = <DuplicatePrompt key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    case 'transition':
      dialog = <TransitionDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    case 'problem':
      dialog = <ProblemDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    default:
      return session satisfies never;
  }
  // Nothing while a dialog's code loads (a moment, once): focus stays where the user was until the dialog takes it.
  return <Suspense fallback={null}>{dialog}</Suspense>;
}
