import { HttpError, NetworkError, UnprotectedWriteError } from '../../../src/core/index';
import { SaveAttemptsExhaustedError } from '../../../src/react/index';

/**
 * Why something failed, in words for the person at the screen: no methods,
 * URLs, headers or status codes (those go to "Details for support" and the
 * console). Ends without a period so callers add what to do next.
 */
export function failureMessage(error: Error | undefined): string {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  if (offline || error instanceof NetworkError) return "you're offline, or the connection dropped";
  if (error instanceof SaveAttemptsExhaustedError) return 'others kept changing this record at the same moment';
  if (error instanceof UnprotectedWriteError) return "this page can't tell which version you started from";
  if (error instanceof HttpError && error.status >= 500) return 'the server ran into a problem';
  if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return "you're not allowed to do this";
  // The server's own words name the field (a 422's "title must not contain line breaks").
  if (error instanceof HttpError) return error.detail ? `the server didn't accept it: “${error.detail.replace(/\.$/, '')}”` : "some of what you entered wasn't accepted";
  return 'something went wrong';
}
