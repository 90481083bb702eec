import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { TransitionOutcome, TransitionRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { changeWords } from './changeWords';
import { useConflictKitStrings } from './useConflictKitStrings';
import { readChangeInfo } from '../core/readChangeInfo';
import { Dialog } from './Dialog';
import { SupportDetails } from './SupportDetails';
import { useReportShown } from '../react/useReportShown';

/** Targets that undo work or throw it away: cancel, delete, void, refund, reject, … */
const DESTRUCTIVE = /cancel|delet|remov|void|refund|reject|declin|discard|archiv|terminat|revok|abort/i;

/** Props of {@link TransitionDialog}. */
export interface TransitionDialogProps {
  /** The refused workflow action to explain. */
  readonly request: TransitionRequest;
  /** Called once with the user's next action, or dismiss. */
  readonly onResolve: (outcome: TransitionOutcome) => void;
  /**
   * Which of the transitions still allowed are destructive: shown apart, in
   * the danger style, and asked about before they are sent.
   * @default those whose name says cancel, delete, remove, void, refund, reject, decline, discard, archive, terminate, revoke or abort
   */
  readonly isDestructive?: (to: string) => boolean;
  /**
   * Strings to override for this dialog (`transitionLabel` names the buttons).
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * A refused workflow action: the state the record is in now, who moved it
 * there and when (when known), and the transitions still allowed; never
 * replays the refused one. When the record is already where the user wanted
 * it, says their goal is met. A destructive choice asks first.
 */
export function TransitionDialog({ request, onResolve, isDestructive = (to) => DESTRUCTIVE.test(to), strings: overrides }: TransitionDialogProps): ReactNode {
  useReportShown(request.conflict);
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const close = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState<string>();
  const { conflict } = request;
  const { currentState, allowedTransitions } = conflict;
  const { changedBy, changedAt } = readChangeInfo(conflict.current);
  const [by, when] = changeWords(strings, changedBy, changedAt);
  const target = conflict.attemptedTransition ?? request.attempted;
  const state = currentState === undefined ? undefined : strings.stateLabel(currentState);
  // Already where the user wanted it: their goal is met, say so.
  const doneAs = currentState !== undefined && currentState === target ? state : undefined;
  const done = doneAs !== undefined;
  const dismiss = (): void => onResolve({ action: 'dismiss' });

  useEffect(() => {
    // The confirmation replaces the choices: the keyboard goes to its safe answer.
    if (confirming !== undefined) back.current?.focus();
  }, [confirming]);

  const choice = (to: string): ReactNode => (
    <button
      key={to}
      type="button"
      data-transition={to}
      className={isDestructive(to) ? 'ck-danger' : undefined}
      onClick={() => (isDestructive(to) ? setConfirming(to) : onResolve({ action: 'choose', to }))}
    >
      {strings.transitionLabel(to)}
    </button>
  );

  return (
    <Dialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-description`} onCancel={dismiss} initialFocus={close} className="ck-transition">
      <h2 id={`${id}-title`}>{doneAs !== undefined ? strings.transitionDoneTitle(doneAs) : strings.transitionTitle(request.attempted)}</h2>
      <p id={`${id}-description`} data-state-value={currentState}>
        {done ? strings.transitionDoneDescription(by, when) : strings.transitionDescription(state, by, when)}
      </p>
      {confirming !== undefined ? (
        <div role="group" aria-labelledby={`${id}-confirm`} className="ck-transitions ck-confirm">
          <p id={`${id}-confirm`}>{strings.confirmTransition(strings.transitionLabel(confirming))}</p>
          <button ref={back} type="button" onClick={() => setConfirming(undefined)}>
            {strings.confirmBack}
          </button>
          <button type="button" className="ck-danger" data-transition={confirming} onClick={() => onResolve({ action: 'choose', to: confirming })}>
            {strings.transitionLabel(confirming)}
          </button>
        </div>
      ) : allowedTransitions.length > 0 ? (
        <div role="group" aria-labelledby={`${id}-allowed`} className="ck-transitions">
          <p id={`${id}-allowed`}>{strings.stillAllowed}</p>
          {allowedTransitions.filter((to) => !isDestructive(to)).map(choice)}
          {/* Destructive steps last, apart from the others. */}
          {allowedTransitions.some(isDestructive) && <span className="ck-spacer" />}
          {allowedTransitions.filter(isDestructive).map(choice)}
        </div>
      ) : (
        !done && <p>{strings.noTransitions}</p>
      )}
      <SupportDetails conflict={conflict} strings={strings} />
      <footer className="ck-footer">
        <button ref={close} type="button" className="ck-primary" onClick={dismiss}>
          {strings.close}
        </button>
      </footer>
    </Dialog>
  );
}
