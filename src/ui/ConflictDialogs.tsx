import type { ReactNode } from 'react';
import type { FieldConflict } from '../core/mergeRecords';
import type { ConflictSession } from '../react/resolver';
import { useConflictSessions } from '../react/useConflictSessions';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { DuplicatePrompt } from './DuplicatePrompt';
import { LastFocusContext, useLastFocus } from './lastFocus';
import { MergeDialog } from './MergeDialog';
import { ProblemDialog } from './ProblemDialog';
import { TransitionDialog } from './TransitionDialog';

/** Props of {@link ConflictDialogs}. */
export interface ConflictDialogsProps {
  /**
   * Names a record field in the merge dialog.
   * @default the strings' `fieldLabel` (readable words of the path: `dueDate` → "Due date", `/address/city` → "Address › City")
   */
  readonly label?: (conflict: FieldConflict) => string;
  /**
   * Strings to override for every dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * Shows the oldest open conflict session of the provider with the dialog for
 * its kind, one at a time; drop `<ConflictDialogs />` inside
 * `ConflictKitProvider`. To keep the dialogs out of the first load, the app
 * wraps this component in `React.lazy`.
 */
export function ConflictDialogs({ label, strings }: ConflictDialogsProps): ReactNode {
  const session = useConflictSessions()[0];
  const lastFocus = useLastFocus();
  if (!session) return null;
  return <LastFocusContext value={lastFocus}>{dialogFor(session, label, strings)}</LastFocusContext>;
}

/** The dialog for a session's kind. */
function dialogFor(session: ConflictSession, label: ConflictDialogsProps['label'], strings: ConflictDialogsProps['strings']): ReactNode {
  const shared = strings ? { strings } : {};
  // Keyed by session: the next conflict gets a fresh dialog, never the previous one's state.
  switch (session.type) {
    case 'merge':
      return <MergeDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} {...(label ? { label } : {})} />;
    case 'duplicate':
      return <DuplicatePrompt key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
    case 'transition':
      return <TransitionDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
    case 'problem':
      return <ProblemDialog key={session.id} request={session.request} onResolve={session.resolve} {...shared} />;
    default:
      return session satisfies never;
  }
}
