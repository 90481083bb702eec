import { useState, type ReactNode } from 'react';
import type { FieldConflict, MergeChoices } from '../../src/core/index';
import type { MergeOutcome, MergeRequest } from '../../src/react/index';
import { MergeDialog, type ConflictKitStrings } from '../../src/ui/index';

/** Props of {@link MergeHarness}. */
export interface MergeHarnessProps<T> {
  readonly request: MergeRequest<T>;
  readonly label?: (conflict: FieldConflict) => string;
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * Shows a {@link MergeDialog} and, once it is answered, the outcome as JSON
 * (what the hooks would save); the choices reported through
 * `onChoicesChange` are shown too, as the draft would keep them.
 */
export function MergeHarness<T>({ request, label, strings }: MergeHarnessProps<T>): ReactNode {
  const [outcome, setOutcome] = useState<MergeOutcome<T>>();
  const [reported, setReported] = useState<MergeChoices>();
  const [round, setRound] = useState(0);
  const withReport: MergeRequest<T> = { ...request, onChoicesChange: setReported };
  return (
    <div>
      {outcome === undefined ? (
        <MergeDialog key={round} request={withReport} onResolve={setOutcome} {...(label ? { label } : {})} {...(strings ? { strings } : {})} />
      ) : (
        <>
          <button type="button" onClick={() => { setOutcome(undefined); setReported(undefined); setRound((n) => n + 1); }}>
            Open the dialog again
          </button>
          <h2>Outcome</h2>
          <pre aria-label="Outcome" className="story-outcome">
            {JSON.stringify(outcome, null, 2)}
          </pre>
        </>
      )}
      {reported !== undefined && (
        <pre aria-label="Reported choices" className="story-outcome">
          {JSON.stringify(reported instanceof Map ? Object.fromEntries(reported) : reported)}
        </pre>
      )}
    </div>
  );
}
