import { useContext, useEffect, useRef } from 'react';
import type { Conflict } from '../core/conflict';
import { ConflictKitContext } from './ConflictKitContext';
import { emitConflictEvent } from './emitConflictEvent';

/**
 * Reports `conflict.dialog-shown` once when a dialog (or a headless merge
 * session) first shows a conflict; StrictMode's second effect run reports
 * nothing more. Outside a provider it does nothing.
 * @internal
 */
export function useReportShown(conflict: Conflict): void {
  const kit = useContext(ConflictKitContext);
  const reported = useRef<Conflict | undefined>(undefined);
  useEffect(() => {
    if (!kit || reported.current === conflict) return;
    reported.current = conflict;
    emitConflictEvent(kit.client, conflict, { type: 'conflict.dialog-shown' });
  }, [kit, conflict]);
}
