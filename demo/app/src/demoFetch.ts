/**
 * localStorage key a test sets to make the next write lose its response:
 * `localStorage['ck-demo-fault'] = 'drop-response-after-commit'`. One shot:
 * the key is removed when a write takes it. Only a server started with
 * FAULTS=1 honours the header.
 */
export const FAULT_STORAGE_KEY = 'ck-demo-fault';

function takeFault(): string | null {
  try {
    const fault = window.localStorage.getItem(FAULT_STORAGE_KEY);
    if (fault !== null) window.localStorage.removeItem(FAULT_STORAGE_KEY);
    return fault;
  } catch {
    return null;
  }
}

/**
 * The demo's fetch: the browser's, plus `X-Fault` on the next write when a
 * test asked for one. Reads are never faulted, so the armed fault waits for
 * the write under test.
 */
export const demoFetch: typeof fetch = (input, init) => {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method === 'GET' || method === 'HEAD') return fetch(input, init);
  const fault = takeFault();
  if (fault === null) return fetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('X-Fault', fault);
  return fetch(input, { ...init, headers });
};
