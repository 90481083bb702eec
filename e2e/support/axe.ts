import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';
import { expect } from './test';

const axePath = createRequire(import.meta.url).resolve('axe-core');

declare global {
  interface Window {
    axe: { run(context?: unknown, options?: unknown): Promise<AxeResults> };
  }
}

function describe(violations: readonly Result[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}

/** Runs axe-core (from node_modules) on the page, or on the part `selector` names, and expects no violations. */
export async function expectNoAxeViolations(page: Page, selector?: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (include) => {
    const results = await window.axe.run(include ?? document, { resultTypes: ['violations'] });
    return results.violations;
  }, selector);
  expect(violations, describe(violations)).toEqual([]);
}
