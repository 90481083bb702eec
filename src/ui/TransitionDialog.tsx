import { useId, useRef, type ReactNode } from 'react';
import type { TransitionOutcome, TransitionRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { useConflictKitStrings } from './useConflictKitStrings';
import { Dialog } from './Dialog';

/** Props of {@link TransitionDialog}. */
export interface TransitionDialogProps {
  /** The refused workflow action to explain. */
  readonly request: TransitionRequest;
  /** Called once with the user's next action, or dismiss. */
  readonly onResolve: (outcome: TransitionOutcome) => void;
  /**
   * Strings to override for this dialog (`transitionLabel` names the buttons).
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/** "“cancel” is no longer allowed": the state the record is in now and the transitions still allowed; never replays the refused one. */
export function TransitionDialog({ request, onResolve, strings: overrides }: TransitionDialogProps): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const close = useRef<HTMLButtonElement>(null);
  const { currentState, allowedTransitions } = request.conflict;
  const dismiss = (): void => onResolve({ action: 'dismiss' });
  return (
    <Dialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-description`} onCancel={dismiss} initialFocus={close} className="ck-transition">
      <h2 id={`${id}-title`}>{strings.transitionTitle(request.attempted)}</h2>
      <p id={`${id}-description`} data-state-value={currentState}>
        {strings.transitionDescription(currentState === undefined ? undefined : strings.stateLabel(currentState))}
      </p>
      {allowedTransitions.length > 0 ? (
        <div role="group" aria-labelledby={`${id}-allowed`} className="ck-transitions">
          <p id={`${id}-allowed`}>{strings.stillAllowed}</p>
          {allowedTransitions.map((to) => (
            <button key={to} type="button" data-transition={to} onClick={() => onResolve({ action: 'choose', to })}>
              {strings.transitionLabel(to)}
            </button>
          ))}
        </div>
      ) : (
        <p>{strings.noTransitions}</p>
      )}
      <footer className="ck-footer">
        <button ref={close} type="button" className="ck-primary" onClick={dismiss}>
          {strings.close}
        </button>
      </footer>
    </Dialog>
  );
}
