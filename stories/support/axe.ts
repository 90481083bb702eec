import axe from 'axe-core';
import { expect } from 'storybook/test';

/**
 * Runs axe-core on one element (a dialog, a banner) in the real browser and
 * expects no violations. Colour contrast is checked too: the story page has
 * real CSS, unlike jsdom.
 */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const { violations } = await axe.run(element, { resultTypes: ['violations'] });
  const summary = violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}`).join('\n')}`);
  await expect(summary).toEqual([]);
}
