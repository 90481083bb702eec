import { useEffect } from 'react';

/** Sets the tab title for the page (`<title> · conflict-kit demo`). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · conflict-kit demo`;
  }, [title]);
}
