import type { VersionValue } from '../etag';
import { readVersionField } from '../etag';
import { compact, readToken, readString, readVersion, MAX_STRING_LENGTH } from './bodyMembers';

/** What the classifier knows about the request that got the conflict. */
export interface RequestSummary {
  /** Upper-case method, when known. */
  readonly method?: string;
  /** Request URL, when known (capped). */
  readonly url?: string;
  /** The `If-Match` value sent. */
  readonly ifMatch?: string;
  /** The `If-None-Match` value sent (`*` on a create-only-if-absent). */
  readonly ifNoneMatch?: string;
  /** The `Idempotency-Key` (or Stripe's `Stripe-Idempotency-Key`) sent. */
  readonly idempotencyKey?: string;
  /** The version the body carried (`_rev`, `version`) or CouchDB's `?rev=` query parameter. */
  readonly sentVersion?: VersionValue;
  /** `true` when the request body could be inspected (or there was none). */
  readonly bodyKnown: boolean;
  /** `true` for methods that change state (not GET, HEAD, OPTIONS, TRACE). */
  readonly isWrite: boolean;
  /**
   * `true` when the request was known to create: `If-None-Match: *`, a POST
   * carrying no version, or a PUT whose readable body carries no version and
   * no `If-Match`. A PUT with an unreadable body is not assumed to create.
   */
  readonly isCreate: boolean;
  /** `true` for an edit of an existing record: PATCH, DELETE, a PUT that is not a create, or any write with a version. */
  readonly isEdit: boolean;
}

/**
 * What is known of a request's body: its value (`undefined` when there was
 * none or it is not a JSON object), or nothing when it could not be read.
 * @internal
 */
export type BodyProbe = { readonly known: false } | { readonly known: true; readonly value: unknown };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** The summary of a request nobody described. @internal */
export const NOTHING_KNOWN: RequestSummary = { bodyKnown: false, isWrite: false, isCreate: false, isEdit: false };

function versionOf(body: unknown, url: string | undefined): VersionValue | undefined {
  const fromBody = readVersionField(body, '_rev') ?? readVersionField(body, 'version');
  if (fromBody !== undefined) return readVersion(fromBody);
  // CouchDB also takes the revision as a query parameter: PUT /db/doc?rev=2-abc.
  const match = url === undefined ? null : /[?&]rev=([^&#]+)/.exec(url);
  return match?.[1] !== undefined ? readToken(match[1]) : undefined;
}

/**
 * Summarises a request from its method, URL, headers and what is known of
 * its body: the client calls it with what it sent, `describeRequest` with
 * what it read back from a fetch `Request` or a `SentRequest`.
 * @internal
 */
export function summarizeRequest(rawMethod: string | undefined, rawUrl: string | undefined, headers: Headers, probe: BodyProbe): RequestSummary {
  const method = readToken(rawMethod?.toUpperCase());
  const url = rawUrl !== undefined ? readString(rawUrl, MAX_STRING_LENGTH * 4) : undefined;
  const ifMatch = readString(headers.get('if-match'));
  const ifNoneMatch = readString(headers.get('if-none-match'));
  const idempotencyKey = readToken(headers.get('idempotency-key') ?? headers.get('stripe-idempotency-key'));
  const sentVersion = versionOf(probe.known ? probe.value : undefined, url);
  const isWrite = method !== undefined && !READ_METHODS.has(method);
  const versioned = ifMatch !== undefined || sentVersion !== undefined;
  const isCreate =
    isWrite &&
    (ifNoneMatch === '*' ||
      (!versioned && method === 'POST') ||
      (!versioned && method === 'PUT' && probe.known));
  const isEdit =
    isWrite && !isCreate && (versioned || method === 'PATCH' || method === 'DELETE' || method === 'PUT');
  return {
    ...compact({ method, url, ifMatch, ifNoneMatch, idempotencyKey, sentVersion }),
    bodyKnown: probe.known,
    isWrite,
    isCreate,
    isEdit,
  };
}
