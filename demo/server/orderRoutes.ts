import type { Context, Hono } from 'hono';
import {
  PROBLEM_REASONS,
  PROBLEM_TYPES,
  checkPreconditions,
  duplicateProblem,
  invalidTransitionProblem,
  notFoundProblem,
  problemResponse,
  readJsonBody,
  staleWriteProblem,
} from '../../src/server';
import type { AppEnv } from './appEnv';
import { createPreconditionProblem, wantsOnlyIfAbsent } from './createPreconditions';
import type { Order } from './demoStore';
import { orderStateMachine } from './orderStateMachine';
import { parseRecordId } from './recordId';
import { orderCreateSchema, transitionSchema } from './resourceSchemas';
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

/** The URL of an order, as `Location`, `existing` and links use it. */
export function orderUrl(id: string): string {
  return `/api/orders/${id}`;
}

/**
 * Mounts the order routes: `GET/POST /api/orders` (POST requires an
 * Idempotency-Key, and an `externalId` is unique), `GET /api/orders/:id`, and
 * `POST /api/orders/:id/transitions` for the workflow.
 */
export function orderRoutes(app: Hono<AppEnv>, ctx: RouteContext): void {
  const { orders } = ctx.store;
  const meta = (c: Context<AppEnv>) => ({ actor: c.get('actor'), at: ctx.now().toISOString() });

  app.get('/api/orders', async (c) => {
    const url = new URL(c.req.url);
    const request = pageRequest(url, (id) => parseRecordId('orders', id) !== null, c.get('requestId'));
    if (request instanceof Response) return request;
    return listResponse(await orders.page(request), url, request.limit);
  });

  app.post('/api/orders', async (c) => {
    const requestId = c.get('requestId');
    const refused = createPreconditionProblem(c.req.raw, requestId);
    if (refused) return refused;
    const body = await readJsonBody(c.req.raw, { limit: ctx.bodyLimit, requestId });
    if (!body.ok) return body.response;
    return ctx.requiredIdempotency.handle(
      c.req.raw,
      body.raw,
      async (idempotency) => {
        const input = orderCreateSchema(body.value, '');
        if (!input.ok) return validationProblem(input.issues, requestId);
        const reply = (order: Order) => storedRecordResponse(order, { status: 201, location: orderUrl(order.id) });
        // The key's outcome commits with the order, or neither does.
        const result = await orders.create(input.value, meta(c), { within: (order, tx) => idempotency.record(reply(order), tx) });
        if (!result.ok && wantsOnlyIfAbsent(c.req.raw)) {
          // If-None-Match: * asked to create only if this order does not exist (RFC 9110 §13.1.2).
          const { existing } = result;
          return problemResponse({
            status: 412,
            type: PROBLEM_TYPES.alreadyExists,
            title: 'Already exists',
            detail: `An order with external id ${existing.externalId} already exists (${existing.id}), and If-None-Match: * asked to create it only if it did not. Open the existing order instead.`,
            reason: PROBLEM_REASONS.alreadyExists,
            existing: orderUrl(existing.id),
            existingResourceId: existing.id,
            current: existing,
            requestId,
            headers: { ETag: recordETag(existing) },
          });
        }
        if (!result.ok) {
          const { existing } = result;
          return duplicateProblem({
            existing: orderUrl(existing.id),
            existingResourceId: existing.id,
            current: existing,
            // The store keeps no creator: an order not changed since it was placed was last changed by its creator.
            existingCreatedBy: existing.version === 1 ? existing.updatedBy : undefined,
            existingCreatedAt: existing.createdAt,
            requestId,
            extra: { externalId: existing.externalId },
            detail: `An order with external id ${existing.externalId} already exists (${existing.id}), so no second order was created. Open the existing order instead.`,
            headers: { ETag: recordETag(existing) },
          });
        }
        return fromStored(reply(result.value));
      },
      { scope: c.get('actor'), requestId },
    );
  });
  app.all('/api/orders', (c) => methodNotAllowedProblem(c.req.method, 'GET, HEAD, POST', c.get('requestId')));

  app.get('/api/orders/:id', async (c) => {
    const requestId = c.get('requestId');
    const current = await orders.get(c.req.param('id'));
    if (!current) return notFoundProblem(`There is no order ${c.req.param('id')}.`, { requestId });
    const blocked = checkPreconditions(c.req.raw, { etag: recordETag(current), version: current.version }, { requestId });
    return blocked ? withNoCache(blocked) : recordResponse(current);
  });
  app.all('/api/orders/:id', (c) => methodNotAllowedProblem(c.req.method, 'GET, HEAD', c.get('requestId')));

  app.post('/api/orders/:id/transitions', async (c) => {
    const requestId = c.get('requestId');
    const id = c.req.param('id');
    const body = await readJsonBody(c.req.raw, { limit: ctx.bodyLimit, requestId });
    if (!body.ok) return body.response;
    return ctx.idempotency.handle(
      c.req.raw,
      body.raw,
      async (idempotency) => {
        const input = transitionSchema(body.value, '');
        if (!input.ok) return validationProblem(input.issues, requestId);
        const current = await orders.get(id);
        if (!current) return notFoundProblem(`There is no order ${id}.`, { requestId });
        // If-Match is optional here (the state machine is the guard), but
        // honoured when sent: "pay this order as I saw it".
        const hasIfMatch = c.req.raw.headers.has('if-match');
        const blocked = checkPreconditions(
          c.req.raw,
          { etag: recordETag(current), representation: current, version: current.version },
          { require: false, requestId },
        );
        if (blocked) return blocked;
        const { to } = input.value;
        const result = await orders.transition(id, to, meta(c), hasIfMatch ? current.version : undefined, {
          within: (order, tx) => idempotency.record(storedRecordResponse(order), tx),
        });
        if (result.ok) return recordResponse(result.value);
        switch (result.reason) {
          case 'not_found':
            return notFoundProblem(`There is no order ${id}.`, { requestId });
          case 'version_mismatch':
            return staleWriteProblem({
              status: 412,
              current: result.current,
              etag: recordETag(result.current),
              currentVersion: result.current.version,
              attemptedVersion: current.version,
              requestId,
            });
          case 'invalid_transition': {
            const state = result.current.state;
            const allowed = orderStateMachine[state];
            return invalidTransitionProblem({
              currentState: state,
              allowedTransitions: allowed,
              attempted: to,
              current: result.current,
              requestId,
              detail: `Order ${id} is ${state}, so it can no longer move to ${to}. ${allowed.length > 0 ? `Allowed now: ${allowed.join(', ')}.` : 'No further transitions are allowed.'}`,
              headers: { ETag: recordETag(result.current) },
            });
          }
          default:
            return result satisfies never;
        }
      },
      { scope: c.get('actor'), requestId },
    );
  });
  app.all('/api/orders/:id/transitions', (c) => methodNotAllowedProblem(c.req.method, 'POST', c.get('requestId')));
}
