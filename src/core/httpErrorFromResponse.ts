/**
 * Reading failure bodies for the conflict client, loaded only when a request
 * fails: they come from proxies and error pages we do not control, so they are
 * read bounded and only short, typed members are kept.
 */
import { HttpError, type RequestInfo } from './errors';
import { isRecord, own, pick, readString, requestIdOf } from './readers/bodyMembers';
import { readBoundedText } from './readers/readBoundedText';

/** Largest failure body read for an {@link HttpError} message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Longest excerpt of a plain-text failure body kept in a message. */
const MAX_EXCERPT = 200;

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: only the headers can name the request.
    return undefined;
  }
}

/** What a failure body says, from its trimmed text and, when it is JSON, its parsed value. */
function describeBody(trimmed: string, body: unknown, contentType: string): string | undefined {
  if (trimmed === '') return undefined;
  if (contentType.includes('json') || trimmed.startsWith('{')) {
    if (!isRecord(body)) return undefined;
    const title = readString(own(body, 'title'));
    const detail = readString(pick(body, 'detail', 'message')) ?? readString(own(own(body, 'error'), 'message'));
    const error = readString(own(body, 'error'));
    // readString never answers '', so present parts are non-empty.
    const parts = [title, detail].filter((part) => part !== undefined);
    return parts.length > 0 ? parts.join(': ') : error;
  }
  // HTML error pages are neither shown nor parsed: markup never reaches a message.
  if (contentType.startsWith('text/plain')) {
    const line = trimmed.replace(/\s+/g, ' ');
    return line.length > MAX_EXCERPT ? `${readString(line, MAX_EXCERPT) ?? ''}…` : line;
  }
  return undefined;
}

/**
 * Builds the {@link HttpError} for a non-conflict failure status, reading at
 * most 64 KiB of the body for a problem+json title/detail and a request id.
 * @internal
 */
export async function httpErrorFromResponse(response: Response, info: RequestInfo): Promise<HttpError> {
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  let text = '';
  if (!response.bodyUsed) {
    const read = await readBoundedText(response.body, MAX_ERROR_BODY_BYTES);
    if (!read.truncated && !read.failed) text = read.text;
  }
  // Parsed once, for the message and the request id.
  const trimmed = text.trim();
  const body = parseOrUndefined(trimmed);
  return new HttpError(response.status, info, describeBody(trimmed, body, contentType), requestIdOf(body, response.headers));
}
