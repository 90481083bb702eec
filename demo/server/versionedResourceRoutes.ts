import type { Context, Hono } from 'hono';
import {
  applyMergePatch,
  checkPreconditions,
  notFoundProblem,
  preconditionRequiredProblem,
  readJsonBody,
  staleWriteProblem,
  unprocessableProblem,
  unsupportedMediaTypeProblem,
} from '../../src/server';
import type { AppEnv } from './appEnv';
import { createPreconditionProblem } from './createPreconditions';
import type { VersionedCollection, VersionedRecord } from './demoStore';
import { isJsonObject, object, type Schema, type SchemaIssue } from './fieldSchema';
import { parseRecordId, type ResourceName } from './recordId';
import { recordMetaMembers } from './resourceSchemas';
import {
  fromStored,
  listResponse,
  methodNotAllowedProblem,
  pageRequest,
  recordETag,
  recordResponse,
  storedRecordResponse,
  validationProblem,
  withNoCache,
} from './responses';
import type { RouteContext } from './routeContext';

/** Members a client may send back but the server manages. */
type RecordMeta = {
  id?: string;
  version?: number;
  updatedBy?: string;
  updatedAt?: string;
};

const metaSchema = object(recordMetaMembers);
const META_KEYS = Object.keys(recordMetaMembers) as (keyof RecordMeta & string)[];
const MERGE_PATCH_TYPES = new Set(['application/merge-patch+json', 'application/json']);

/** How one editable resource (tickets, documents) maps onto the generic routes. */
export interface VersionedResourceSpec<T extends VersionedRecord, F extends object, FI extends object, CI extends object> {
  readonly resource: Extract<ResourceName, 'tickets' | 'documents'>;
  readonly collection: VersionedCollection<T, F>;
  /** Largest accepted body, in bytes. */
  readonly bodyLimit: number;
  /** The writable field names, in the order they are stored. */
  readonly fields: readonly (keyof F & string)[];
  /** Checks the writable fields (a PUT body without meta members, or a PATCH result). */
  readonly fieldsSchema: Schema<FI>;
  /** Checks a PUT body: the writable fields plus optional meta members. */
  readonly putSchema: Schema<FI & RecordMeta>;
  /** Fills defaults of a valid field set (a missing `assignee` means unassigned). */
  readonly normalize: (input: FI) => F;
  /** Checks a POST body. */
  readonly createSchema: Schema<CI>;
  /** The stored fields of a new record. */
  readonly fromCreate: (input: CI) => F;
}

function pickFields<F extends object>(source: object, fields: readonly (keyof F & string)[]): F {
  const out: Record<string, unknown> = {};
  for (const key of fields) {
    if (Object.prototype.hasOwnProperty.call(source, key)) out[key] = (source as Record<string, unknown>)[key];
  }
  return out as F;
}

/**
 * Mounts `GET/POST /api/<resource>` and `GET/PUT/PATCH /api/<resource>/:id`
 * for a record type edited under optimistic concurrency control.
 */
export function versionedResourceRoutes<T extends VersionedRecord, F extends object, FI extends object, CI extends object>(
  app: Hono<AppEnv>,
  ctx: RouteContext,
  spec: VersionedResourceSpec<T, F, FI, CI>,
): void {
  const base = `/api/${spec.resource}`;
  const { collection } = spec;
  const meta = (c: Context<AppEnv>) => ({ actor: c.get('actor'), at: ctx.now().toISOString() });

  const wrongId = (c: Context<AppEnv>, id: string, bodyId: string | undefined): Response | null =>
    bodyId !== undefined && bodyId !== id
      ? validationProblem([{ field: 'id', message: `is ${JSON.stringify(bodyId)} but the URL names ${id}; the id cannot change` }], c.get('requestId'))
      : null;

  /** The shared tail of PUT and PATCH: preconditions, then the version-conditioned write. */
  const write = async (
    c: Context<AppEnv>,
    current: T,
    bodyVersion: number | undefined,
    fieldsOf: (current: T) => SchemaResultLike<F>,
  ): Promise<Response> => {
    const requestId = c.get('requestId');
    const request = c.req.raw;
    // Writes must name the version they are based on. If-Unmodified-Since or
    // If-None-Match alone do not count: dates have one-second resolution, and
    // a non-matching If-None-Match says nothing about which version was read.
    // If-Match: * matches every version, so it names none.
    const ifMatch = request.headers.get('if-match');
    const namesVersion = ifMatch !== null && ifMatch.trim() !== '*';
    if (!namesVersion && bodyVersion === undefined) {
      return preconditionRequiredProblem({
        detail: `Send If-Match with the ETag you loaded (for example If-Match: ${recordETag(current)}) or the "version" you loaded in the body, so this write cannot overwrite a change you have not seen.`,
        requestId,
      });
    }
    const blocked = checkPreconditions(
      request,
      { etag: recordETag(current), representation: current, version: current.version },
      { require: true, requestId, bodyVersion },
    );
    if (blocked) return blocked;
    const fields = fieldsOf(current);
    if (!fields.ok) return validationProblem(fields.issues, requestId);
    const result = await collection.update(current.id, current.version, fields.value, meta(c));
    if (!result.ok) {
      if (result.reason === 'not_found') return notFoundProblem({ requestId });
      // Someone else wrote between our read and our write: the conditional
      // UPDATE refused ours, so answer exactly as if we had read their version.
      return staleWriteProblem({
        status: namesVersion ? 412 : 409,
        current: result.current,
        etag: recordETag(result.current),
        currentVersion: result.current.version,
        attemptedVersion: bodyVersion ?? current.version,
        requestId,
      });
    }
    return recordResponse(result.value);
  };

  app.get(base, async (c) => {
    const url = new URL(c.req.url);
    const request = pageRequest(url, (id) => parseRecordId(spec.resource, id) !== null, c.get('requestId'));
    if (request instanceof Response) return request;
    return listResponse(await collection.page(request), url, request.limit);
  });

  app.post(base, async (c) => {
    const requestId = c.get('requestId');
    const refused = createPreconditionProblem(c.req.raw, requestId);
    if (refused) return refused;
    const body = await readJsonBody(c.req.raw, { limit: spec.bodyLimit, requestId });
    if (!body.ok) return body.response;
    return ctx.idempotency.handle(
      c.req.raw,
      body.raw,
      async (idempotency) => {
        const input = spec.createSchema(body.value, '');
        if (!input.ok) return validationProblem(input.issues, requestId);
        const reply = (record: T) => storedRecordResponse(record, { status: 201, location: `${base}/${record.id}` });
        // The key's outcome commits with the record, or neither does.
        const created = await collection.create(spec.fromCreate(input.value), meta(c), {
          within: (record, tx) => idempotency.record(reply(record), tx),
        });
        return fromStored(reply(created));
      },
      { scope: c.get('actor'), requestId },
    );
  });
  app.all(base, (c) => methodNotAllowedProblem(c.req.method, 'GET, HEAD, POST', c.get('requestId')));

  app.get(`${base}/:id`, async (c) => {
    const requestId = c.get('requestId');
    const current = await collection.get(c.req.param('id'));
    if (!current) return notFoundProblem(`There is no ${spec.resource.slice(0, -1)} ${c.req.param('id')}.`, { requestId });
    const blocked = checkPreconditions(c.req.raw, { etag: recordETag(current), version: current.version }, { requestId });
    return blocked ? withNoCache(blocked) : recordResponse(current);
  });

  app.put(`${base}/:id`, async (c) => {
    const requestId = c.get('requestId');
    const id = c.req.param('id');
    const body = await readJsonBody(c.req.raw, { limit: spec.bodyLimit, requestId });
    if (!body.ok) return body.response;
    const input = spec.putSchema(body.value, '');
    if (!input.ok) return validationProblem(input.issues, requestId);
    const idProblem = wrongId(c, id, input.value.id);
    if (idProblem) return idProblem;
    const current = await collection.get(id);
    if (!current) return notFoundProblem(`There is no ${spec.resource.slice(0, -1)} ${id}.`, { requestId });
    return write(c, current, input.value.version, () => ({ ok: true, value: spec.normalize(input.value) }));
  });

  app.patch(`${base}/:id`, async (c) => {
    const requestId = c.get('requestId');
    const id = c.req.param('id');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // Other +json types parse as JSON but mean something else (a JSON Patch
    // is a list of operations), so only merge patches are read here.
    if (type !== '' && !MERGE_PATCH_TYPES.has(type)) {
      return unsupportedMediaTypeProblem(
        `PATCH bodies here are JSON merge patches (RFC 7396): send Content-Type: application/merge-patch+json, not ${JSON.stringify(type.slice(0, 100))}.`,
        { requestId, headers: { 'Accept-Patch': 'application/merge-patch+json, application/json' } },
      );
    }
    const body = await readJsonBody(c.req.raw, { limit: spec.bodyLimit, requestId });
    if (!body.ok) return body.response;
    const patch = body.value;
    if (!isJsonObject(patch)) {
      return unprocessableProblem({
        title: 'Invalid merge patch',
        detail: 'A merge patch for a record must be a JSON object of the fields to change (RFC 7396).',
        field: '',
        requestId,
      });
    }
    const known = new Set<string>([...spec.fields, ...META_KEYS]);
    const unknown: SchemaIssue[] = Object.keys(patch)
      .filter((key) => !known.has(key))
      .map((key) => ({ field: key, message: `is not a known field (known: ${[...known].join(', ')})` }));
    if (unknown.length > 0) return validationProblem(unknown, requestId);
    const metaPart = metaSchema(pickFields<RecordMeta>(patch, META_KEYS), '');
    if (!metaPart.ok) return validationProblem(metaPart.issues, requestId);
    const idProblem = wrongId(c, id, metaPart.value.id);
    if (idProblem) return idProblem;
    const fieldPatch = pickFields<Partial<F>>(patch, spec.fields);
    const current = await collection.get(id);
    if (!current) return notFoundProblem(`There is no ${spec.resource.slice(0, -1)} ${id}.`, { requestId });
    return write(c, current, metaPart.value.version, (record) => {
      const merged = applyMergePatch(pickFields<F>(record, spec.fields), fieldPatch);
      const checked = spec.fieldsSchema(merged, '');
      return checked.ok ? { ok: true, value: spec.normalize(checked.value) } : checked;
    });
  });
  app.all(`${base}/:id`, (c) => methodNotAllowedProblem(c.req.method, 'GET, HEAD, PUT, PATCH', c.get('requestId')));
}

type SchemaResultLike<F> = { readonly ok: true; readonly value: F } | { readonly ok: false; readonly issues: readonly SchemaIssue[] };
