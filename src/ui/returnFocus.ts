/** Frames to wait for the element to become focusable again (about two seconds at 60 Hz). */
const MAX_FRAMES = 120;

/**
 * Moves focus back to `target` when a dialog closes. A form disables its
 * Save button while the save is pending, and the dialog that save opened
 * closes before it settles: a disabled button cannot take focus, so this
 * tries again on the next frames until it can, within a bound. It gives up
 * as soon as focus is anywhere but `<body>` (the user moved on, or the
 * dialog was shown again, as StrictMode's remount does).
 */
export function returnFocus(target: HTMLElement): void {
  const doc = target.ownerDocument;
  const view = doc.defaultView;
  const later = (step: () => void): void => {
    if (view?.requestAnimationFrame) view.requestAnimationFrame(step);
    else setTimeout(step, 16);
  };
  let frames = 0;
  const attempt = (): void => {
    if (!target.isConnected) return;
    const active = doc.activeElement;
    if (frames > 0 && active && active !== doc.body) return;
    if (!target.matches(':disabled')) {
      target.focus();
      if (doc.activeElement === target) return;
    }
    frames += 1;
    if (frames <= MAX_FRAMES) later(attempt);
  };
  attempt();
}
