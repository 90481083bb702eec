import { http, HttpResponse, type HttpHandler } from 'msw';
import { createApp, type CreateAppOptions } from '../server/createApp';
import type { DemoStore } from '../server/demoStore';
import { memoryStore } from '../server/memoryStore';
import { ResponseDroppedError } from '../server/ResponseDroppedError';

/** Options for {@link createDemoHandlers}: the `createApp` options, with the store optional. */
export type DemoHandlersOptions = Partial<CreateAppOptions> & {
  /**
   * The records the handlers serve; pass a fresh `memoryStore()` per story to isolate stories.
   * @default memoryStore() (a fresh seeded store per call)
   */
  readonly store?: DemoStore;
  /**
   * Origin the API is served from, such as `http://localhost:6006`. In the
   * browser a relative `/api/*` is resolved against the page; Node (tests
   * with `msw/node`) has no page, so pass the origin there.
   * @default '' (same origin as the page)
   */
  readonly origin?: string;
};

/**
 * MSW 2 handlers that run the demo API in the browser: every `/api/*`
 * request goes to the same Hono app `npm start` serves, over an in-memory
 * store, so Storybook needs no server.
 *
 * A response dropped by fault injection becomes `HttpResponse.error()`, the
 * network error `fetch` rejects with. `GET /api/events` works, but through
 * the service worker the stream may arrive buffered rather than live; the
 * kit's staleness detection must not depend on it in stories.
 */
export function createDemoHandlers(options: DemoHandlersOptions = {}): HttpHandler[] {
  const { origin = '', ...appOptions } = options;
  const app = createApp({ ...appOptions, store: options.store ?? memoryStore() });
  return [
    http.all(`${origin}/api/*`, async ({ request }) => {
      try {
        return await app.fetch(request);
      } catch (error) {
        if (error instanceof ResponseDroppedError) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}

/** Ready-made handlers over one shared seeded in-memory store (use {@link createDemoHandlers} for isolation). */
export const handlers: HttpHandler[] = createDemoHandlers();
