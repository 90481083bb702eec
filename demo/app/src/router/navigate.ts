/** Fired on `window` after {@link navigate} changes the URL (pushState fires no event of its own). */
export const NAVIGATE_EVENT = 'demo:navigate';

/** Options of {@link navigate}. */
export interface NavigateOptions {
  /**
   * Replace the current history entry instead of adding one (redirects).
   * @default false
   */
  readonly replace?: boolean;
}

/** Moves the app to `to` (a same-origin path) through the History API. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}
