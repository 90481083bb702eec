import type { ConflictKitStrings } from '../../../src/ui/index';
import { fieldLabel } from './fieldLabel';
import { operatorLabel } from './operator';
import { actionLabel, orderStateLabel } from './orderState';

/** The kit's English strings, with the demo's people and workflow named as its pages name them. */
export const demoStrings: Partial<ConflictKitStrings> = {
  // Actor ids as people: "operator-b" → "Operator B".
  personName: (id) => operatorLabel(id) ?? id,
  // Fields by the labels of the demo's forms ("content" → "Text"), in every dialog, review and notice.
  fieldLabel,
  // Workflow actions by their button names ("Can't cancel order"), states as the order page's badge
  // names them ("This record is now Fulfilling.").
  transitionTitle: (attempted) => `Can't ${actionLabel(attempted).toLowerCase()}`,
  transitionLabel: (to) => actionLabel(to),
  stateLabel: orderStateLabel,
  // Mid-title, a state reads as a word, not a badge: "Already paid".
  transitionDoneTitle: (state) => `Already ${state.toLowerCase()}`,
};
