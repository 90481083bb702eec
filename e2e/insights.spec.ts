import { createTicket } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { titleConflict } from './support/ticketConflict';
import { expect, test } from './support/test';

test.describe('insights page', () => {
  test('conflicts people hit show up on the insights page, by resource and record', async ({ pageA, pageB, request }) => {
    // Two browsers, a merge and eight page loads: over 30 s on a machine shared with other runs.
    test.slow();
    const { ticket, dialog } = await titleConflict(pageA, pageB, request);
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' }).check();
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();
    // More stale writes on the same ticket, so it ranks among the top records whatever else this run did.
    for (let i = 0; i < 6; i++) {
      const stale = await request.patch(`/api/tickets/${ticket.id}`, {
        headers: { 'X-Actor': 'e2e-setup', 'If-Match': `"${ticket.id}:1"`, 'Content-Type': 'application/merge-patch+json' },
        data: JSON.stringify({ title: `stale ${i}` }),
      });
      expect(stale.status()).toBe(412);
    }

    await pageA.goto('/insights');
    await expect(pageA.getByRole('heading', { level: 1, name: 'Conflict insights' })).toBeVisible();
    const top = pageA.getByRole('list', { name: 'Records with the most conflicts' });
    // The server writes its records in batches within moments; the page reads again every few seconds.
    await expect(top.getByRole('listitem').filter({ hasText: ticket.id })).toContainText(/(7|8) conflicts/, { timeout: 15_000 });
    await expect(pageA.getByRole('img', { name: /^Conflicts per resource.*Tickets \d+/ })).toBeVisible();
    await expect(pageA.getByRole('list', { name: 'Resources' })).toContainText('/api/tickets/:id');
    await top.getByRole('link', { name: ticket.id }).click();
    await expect(pageA).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
    await expect(pageA.getByRole('link', { name: 'Insights' })).toBeVisible();
  });

  test('client conflict events sent to the collector show in the resolution split and the time to resolve', async ({ page, request }) => {
    const at = Date.now();
    const base = { kind: 'edit', resource: '/api/tickets/:id' } as const;
    const accepted = await request.post('/api/telemetry', {
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      data: JSON.stringify({
        events: [
          { ...base, type: 'conflict.detected', at, conflictId: 'e2e-1', reason: 'version_mismatch', status: 412, method: 'PATCH' },
          { ...base, type: 'conflict.resolved', at, conflictId: 'e2e-1', outcome: 'kept-theirs', durationMs: 4_200 },
          { ...base, type: 'conflict.resolved', at, conflictId: 'e2e-2', outcome: 'adopted-existing', durationMs: 900 },
        ],
      }),
    });
    expect(accepted.status()).toBe(202);
    await page.goto('/insights');
    await expect(page.getByRole('img', { name: /^How conflicts ended: .*Kept theirs [1-9]/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /^How conflicts ended: .*Adopted existing [1-9]/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Conflicts by kind: .*Edited by someone else [1-9]/ })).toBeVisible();
    // Reasons read as words, not as the server's codes.
    await expect(page.getByRole('img', { name: /^Conflicts by reason: .*Newer version on server [1-9]/ })).toBeVisible();
    await expect(page.getByTestId('insights-p95')).not.toHaveText('—');
  });

  test('reads in the dark scheme and at 360 px, and axe finds nothing there', async ({ page, request }) => {
    await createTicket(request);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/insights');
    await expect(page.getByTestId('insights-conflicts')).toBeVisible();
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    await expectNoAxeViolations(page);
    const panel = page.locator('.demo-insights');
    expect(await panel.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    const canvas = page.locator('.demo-chart canvas').first();
    await canvas.evaluate((el) => el.setAttribute('data-drawn-for', 'light'));
    await page.evaluate(() => document.documentElement.setAttribute('data-ck-scheme', 'dark'));
    await expect.poll(() => panel.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(22, 27, 34)');
    // The charts are drawn again with the dark palette (a canvas cannot restyle itself).
    await expect(page.locator('.demo-chart canvas[data-drawn-for="light"]')).toHaveCount(0);
    await expect(canvas).toBeVisible();
    expect(await fits()).toBe(true);
    await expectNoAxeViolations(page);
  });
});
