'use client';
// conflict-kit/ui: prebuilt, accessible dialogs over the react layer's
// sessions. Styles: import 'conflict-kit/styles.css' (theme with --ck-*).

// Drop-in, connected to ConflictKitProvider
export { ConflictDialogs } from './ConflictDialogs';
export type { ConflictDialogsProps } from './ConflictDialogs';
export { ConflictNotices } from './ConflictNotices';
export type { ConflictNoticesProps } from './ConflictNotices';
export { ConnectedStaleBanner } from './ConnectedStaleBanner';
export type { ConnectedStaleBannerProps } from './ConnectedStaleBanner';

// Props-driven dialogs and parts
export { MergeDialog } from './MergeDialog';
export type { MergeDialogProps } from './MergeDialog';
export { DuplicatePrompt } from './DuplicatePrompt';
export type { DuplicatePromptProps } from './DuplicatePrompt';
export { TransitionDialog } from './TransitionDialog';
export type { TransitionDialogProps } from './TransitionDialog';
export { ProblemDialog } from './ProblemDialog';
export type { ProblemDialogProps } from './ProblemDialog';
export { StaleBanner } from './StaleBanner';
export type { StaleBannerProps } from './StaleBanner';
export { ConflictNoticeList } from './ConflictNoticeList';
export type { ConflictNoticeListProps } from './ConflictNoticeList';
export { Dialog } from './Dialog';
export type { DialogProps } from './Dialog';

// Strings (i18n)
export { ConflictKitStringsProvider } from './ConflictKitStringsProvider';
export { defaultStrings } from './defaultStrings';
export { useConflictKitStrings } from './useConflictKitStrings';
export type { ConflictKitStrings, ConflictKitStringsProviderProps } from './ConflictKitStringsProvider';

// Helpers the dialogs use, for apps building their own
export { copyText } from './copyText';
export { fieldChanges } from './fieldChanges';
export type { FieldChange } from './fieldChanges';
export { wordDiff } from './wordDiff';
export type { WordSegment } from './wordDiff';
