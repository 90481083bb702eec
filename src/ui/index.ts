'use client';
// conflict-kit/ui: prebuilt, accessible dialogs over the react layer's
// sessions. Styles: import 'conflict-kit/styles.css' (theme with --ck-*).

// Drop-in, connected to ConflictKitProvider
export { ConflictDialogs } from './ConflictDialogs';
export type { ConflictDialogsProps } from './ConflictDialogs';
export { ConflictNotices } from './ConflictNotices';
export type { ConflictNoticesProps } from './ConflictNotices';
// The banner apps use takes the record handle; the presentational banner it renders stays inside.
export { ConnectedStaleBanner as StaleBanner } from './ConnectedStaleBanner';
export type { ConnectedStaleBannerProps as StaleBannerProps } from './ConnectedStaleBanner';

// The dialogs, for a session queue of your own (`useConflictSessions`)
export { MergeDialog } from './MergeDialog';
export type { MergeDialogProps } from './MergeDialog';
export { DuplicatePrompt } from './DuplicatePrompt';
export type { DuplicatePromptProps } from './DuplicatePrompt';
export { TransitionDialog } from './TransitionDialog';
export type { TransitionDialogProps } from './TransitionDialog';
export { ProblemDialog } from './ProblemDialog';
export type { ProblemDialogProps } from './ProblemDialog';

// Strings (i18n)
export { ConflictKitStringsProvider } from './ConflictKitStringsProvider';
export { defaultStrings } from './defaultStrings';
export type { ConflictKitStrings, ConflictKitStringsProviderProps } from './ConflictKitStringsProvider';
