import { describe, expect, it } from 'vitest';
import { createPromMetrics } from './createPromMetrics';
import { testApp } from './testRequests';

describe('the API index page at /', () => {
  it('lists only routes the server answers, telemetry and metrics included', async () => {
    const { app, send } = testApp({ metrics: createPromMetrics() });
    const page = await (await app.request('/')).text();
    const listed = [...page.matchAll(/<code>(?:<a href="[^"]*">)?([A-Z /]+?) (\/[^<\s]*)/g)].map(([, method, path]) => [method!.trim(), path!] as const);
    expect(listed.map(([method, path]) => `${method} ${path}`)).toEqual(expect.arrayContaining(['POST /api/telemetry', 'GET /api/insights', 'GET /metrics']));
    for (const [method, path] of listed.filter(([m, p]) => m === 'GET' && !p.includes(':') && p !== '/api/events')) {
      const res = await send(method, path);
      expect(res.status, `${method} ${path}`).toBe(200);
    }
  });
});
