import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react';

// A few lines of routing so the example depends on nothing but React and TanStack Query.
const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link({ to, children }: { to: string; children: ReactNode }): ReactNode {
  const go = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={go}>
      {children}
    </a>
  );
}
