/**
 * Reading success bodies for the conflict client: they are the app's data and
 * are read whole. Failure bodies are read by `httpErrorFromResponse`.
 */
import { isDev } from './devWarning';
import { InvalidResponseError, NetworkError, type RequestInfo } from './errors';
import { readToken } from './readers/bodyMembers';

/**
 * Reads a 2xx body as JSON. A record read (`required`) must carry JSON. The
 * answer to a write need not: its status already says the write happened,
 * so an empty body (204) or one that is not JSON (Apache mod_dav answers 201
 * with an HTML "Created" page) is `undefined`, "no representation", never a
 * failure: throwing would report a committed write as failed and invite a
 * second one. A body lost on the way is a {@link NetworkError} either way.
 * @internal
 */
export async function readJsonBody(response: Response, info: RequestInfo, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The status arrived but the body did not: the answer was lost on the way.
    throw new NetworkError(info, error);
  }
  if (text.trim() === '') {
    if (required) {
      throw new InvalidResponseError(
        isDev ? `the ${response.status} response has an empty body where JSON was expected` : `the ${response.status} response is empty`,
        info,
      );
    }
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!required) return undefined;
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new InvalidResponseError(`the ${response.status} response body is not JSON (${readToken(type) ?? 'unreadable content type'})`, info, error);
  }
}
