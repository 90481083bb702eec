import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { FieldConflict } from '../core/mergeRecords';
import type { ConflictSession } from '../react/resolver';
import { useConflictSessions } from '../react/useConflictSessions';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { DialogLoadBoundary } from './DialogLoadBoundary';
import type { DuplicatePromptProps } from './DuplicatePrompt';
import { LoadFailedDialog } from './LoadFailedDialog';
import type { MergeDialogProps } from './MergeDialog';
import type { ProblemDialogProps } from './ProblemDialog';
import type { TransitionDialogProps } from './TransitionDialog';

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

/** Loads each dialog's code. @internal */
export interface DialogLoaders {
  readonly merge: Loader<MergeDialogProps<unknown>>;
  readonly duplicate: Loader<DuplicatePromptProps>;
  readonly transition: Loader<TransitionDialogProps>;
  readonly problem: Loader<ProblemDialogProps>;
}

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

/** The package's own dialogs. @internal */
export const dialogLoaders: DialogLoaders = {
  merge: once(() => import('./MergeDialog').then((m) => ({ default: m.MergeDialog }))),
  duplicate: once(() => import('./DuplicatePrompt').then((m) => ({ default: m.DuplicatePrompt }))),
  transition: once(() => import('./TransitionDialog').then((m) => ({ default: m.TransitionDialog }))),
  problem: once(() => import('./ProblemDialog').then((m) => ({ default: m.ProblemDialog }))),
};

/** Settles a session without losing anything: the save stops, the draft stays. */
function cancel(session: ConflictSession): void {
  if (session.type === 'merge') session.resolve({ action: 'cancel' });
  else session.resolve({ action: 'dismiss' });
}

// React.lazy keeps a rejected load for good: a retry drops it and makes a new one.
const lazies = new WeakMap<object, unknown>();
function lazyOf<P>(load: Loader<P>): LazyExoticComponent<ComponentType<P>> {
  let component = lazies.get(load) as LazyExoticComponent<ComponentType<P>> | undefined;
  if (!component) lazies.set(load, (component = lazy(load)));
  return component;
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
export function ConflictDialogs(props: ConflictDialogsProps): ReactNode {
  return <ConflictDialogsFrom {...props} loaders={dialogLoaders} />;
}

/** {@link ConflictDialogs} with the dialogs' loaders given (tests inject failing ones). @internal */
export function ConflictDialogsFrom({ label, strings, preload = true, loaders }: ConflictDialogsProps & { readonly loaders: DialogLoaders }): ReactNode {
  const session = useConflictSessions()[0];
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!preload) return;
    const preloadDialogs = (): void => {
      for (const load of Object.values(loaders) as Array<() => Promise<unknown>>) load().catch(() => undefined);
    };
    const { requestIdleCallback: onIdle, cancelIdleCallback } = globalThis as Partial<typeof globalThis>;
    if (typeof onIdle === 'function' && typeof cancelIdleCallback === 'function') {
      const id = onIdle(preloadDialogs, { timeout: 5000 });
      return () => cancelIdleCallback(id);
    }
    // No requestIdleCallback (Safari): soon after the page settles.
    const id = setTimeout(preloadDialogs, 1000);
    return () => clearTimeout(id);
  }, [preload, loaders]);
  if (!session) return null;
  const shared = strings ? { strings } : {};
  let dialog: ReactNode;
  switch (session.type) {
    case 'merge': {
      const MergeDialog = lazyOf(loaders.merge);
      dialog = <MergeDialog request={session.request} onResolve={session.resolve} {...shared} {...(label ? { label } : {})} />;
      break;
    }
    case 'duplicate': {
      const DuplicatePrompt = lazyOf(loaders.duplicate);
      dialog = <DuplicatePrompt request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    }
    case 'transition': {
      const TransitionDialog = lazyOf(loaders.transition);
      dialog = <TransitionDialog request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    }
    case 'problem': {
      const ProblemDialog = lazyOf(loaders.problem);
      dialog = <ProblemDialog request={session.request} onResolve={session.resolve} {...shared} />;
      break;
    }
    default:
      return session satisfies never;
  }
  const retry = (): void => {
    lazies.delete(loaders[session.type]);
    setAttempt((n) => n + 1);
  };
  const draft = session.type === 'merge' ? session.request.mine : session.type === 'problem' ? session.request.draft : undefined;
  // Nothing while a dialog's code loads (a moment, once): focus stays where the user was until the dialog takes it.
  // If the code fails to load, the page stays up and the conflict can still be settled.
  return (
    <DialogLoadBoundary
      key={`${session.id}:${attempt}`}
      fallback={<LoadFailedDialog draft={draft} onRetry={retry} onCancel={() => cancel(session)} strings={strings} />}
    >
      <Suspense fallback={null}>{dialog}</Suspense>
    </DialogLoadBoundary>
  );
}
