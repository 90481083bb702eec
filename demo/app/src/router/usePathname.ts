import { useSyncExternalStore } from 'react';
import { NAVIGATE_EVENT } from './navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const read = (): string => window.location.pathname;

/** The current path; re-renders on back/forward and on {@link navigate}. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, read, () => '/');
}
