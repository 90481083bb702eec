import { defaultStrings, type ConflictKitStrings } from '../../../src/ui/index';
import { operatorLabel } from './operator';
import { actionLabel, orderStateLabel } from './orderState';

/** The kit's English strings, with the demo's actor ids shown as people ("operator-b" → "Operator B"). */
export const demoStrings: Partial<ConflictKitStrings> = {
  staleMessage: (by, when) => defaultStrings.staleMessage(operatorLabel(by), when),
  mergeDescription: (by, when) => defaultStrings.mergeDescription(operatorLabel(by), when),
  // Workflow actions by their button names ("Can't cancel order"), states as the order page shows them.
  transitionTitle: (attempted) => `Can't ${actionLabel(attempted).toLowerCase()}`,
  transitionLabel: (to) => actionLabel(to),
  stateLabel: (state) => orderStateLabel(state).toLowerCase(),
  notice: (notice, when) => {
    const by = operatorLabel(notice.changedBy);
    return defaultStrings.notice(by === undefined ? notice : { ...notice, changedBy: by }, when);
  },
};
