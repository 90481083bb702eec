import type { LaunchOptions } from 'playwright';

/**
 * Debian's Chromium, launched the way this machine allows: no browser
 * downloads, no sandbox as root, and no background networking (the closed
 * network refuses it, many connections at a time).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
