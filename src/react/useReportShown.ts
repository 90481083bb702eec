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
  const client = useContext(ConflictKitContext)?.client;
  const reported = useRef<Conflict>(undefined);
  useEffect(() => {
    if (client && reported.current !== conflict) emitConflictEvent(client, (reported.current = conflict), { type: 'conflict.dialog-shown' });
  }, [client, conflict]);
}
