import { useCallback, useEffect, useRef } from 'react';

/**
 * A signal that aborts when the component unmounts, for the writes it
 * starts. Each mount has its own (StrictMode's test unmount aborts the first,
 * its remount makes a new one), so a remounted component's writes run.
 * @internal
 */
export function useUnmountSignal(): () => AbortSignal | undefined {
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    const mounted = new AbortController();
    controller.current = mounted;
    return () => mounted.abort();
  }, []);
  return useCallback(() => controller.current?.signal, []);
}
