import type { Context, Hono } from 'hono';
import { checkPreconditions, duplicateProblem, invalidTransitionProblem, notFoundProblem, readJsonBody, staleWriteProblem } from '../../src/server';
import type { AppEnv } from './appEnv';
import type { Order } from './demoStore';
import { orderStateMachine } from './orderStateMachine';
import { orderCreateSchema, transitionSchema } from './resourceSchemas';
import { listResponse, methodNotAllowedProblem, recordETag, recordResponse, validationProblem, withNoCache } from './responses';
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
  const announce = (order: Order): void =>
    ctx.events.publish({ resource: 'orders', id: order.id, etag: recordETag(order), version: order.version, actor: order.updatedBy, at: order.updatedAt });

  app.get('/api/orders', async () => listResponse(await orders.list()));

  app.post('/api/orders', async (c) => {
    const requestId = c.get('requestId');
    const body = await readJsonBody(c.req.raw, { limit: ctx.bodyLimit, requestId });
    if (!body.ok) return body.response;
    return ctx.requiredIdempotency.handle(
      c.req.raw,
      body.raw,
      async () => {
        const input = orderCreateSchema(body.value, '');
        if (!input.ok) return validationProblem(input.issues, requestId);
        const result = await orders.create(input.value, meta(c));
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
        announce(result.value);
        return recordResponse(result.value, { status: 201, location: orderUrl(result.value.id) });
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
      async () => {
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
        const result = await orders.transition(id, to, meta(c), hasIfMatch ? current.version : undefined);
        if (result.ok) {
          announce(result.value);
          return recordResponse(result.value);
        }
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
