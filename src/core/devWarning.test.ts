import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('isDev', () => {
  it('is true outside production builds, false in them', async () => {
    expect((await import('./devWarning')).isDev).toBe(true);
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    // Read once, at import: only a fresh copy of the module sees the production build.
    expect((await import('./devWarning')).isDev).toBe(false);
  });

});
