import { expect, test } from '@playwright/test';
import { members, screenshot } from './claim-helpers';

test.describe('is this real? and the public statistics', () => {
  test('a claimant checks a Notice ID and an e-mail sender; a look-alike is called an imitation', async ({ page }) => {
    await page.goto('/tiktok');
    await page.getByRole('link', { name: 'Is a message really from us?' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('really from the Settlement Administrator');
    const sender = (await page.getByTestId('official-senders').locator('.mono').first().textContent())!.trim();
    expect(sender).toContain('@');

    await page.getByRole('textbox', { name: 'Notice ID' }).fill(members[0].noticeId.toLowerCase());
    await page.getByRole('button', { name: 'Check this Notice ID' }).click();
    await expect(page.getByTestId('notice-check-result')).toContainText('Genuine');

    await page.getByRole('textbox', { name: 'Notice ID' }).fill('N-0000-0000-1');
    await page.getByRole('button', { name: 'Check this Notice ID' }).click();
    await expect(page.getByTestId('notice-check-result')).toContainText(/not a valid Notice ID|did not issue/);

    await page.getByRole('textbox', { name: 'The e-mail’s sender' }).fill(`Settlement Administrator <${sender.toUpperCase()}>`);
    await page.getByRole('button', { name: 'Check this sender' }).click();
    await expect(page.getByTestId('sender-check-result')).toContainText('Genuine');

    const [local, domain] = sender.split('@');
    const fake = `${local}@${domain.replace(/\.[^.]+$/, '')}-payouts.com`;
    await page.getByRole('textbox', { name: 'The e-mail’s sender' }).fill(fake);
    await page.getByRole('button', { name: 'Check this sender' }).click();
    await expect(page.getByTestId('sender-check-result')).toContainText('imitates');
    await screenshot(page, 'is-this-real');
  });

  test('the checks work without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/tiktok/is-this-real');
    await page.getByRole('textbox', { name: 'Notice ID' }).fill(members[1].noticeId);
    await page.getByRole('button', { name: 'Check this Notice ID' }).click();
    await expect(page.getByTestId('notice-check-result')).toContainText('Genuine');
    await context.close();
  });

  test('the statistics page shows the claims filed, both estimates and the key dates, and nothing personal', async ({ page }) => {
    await page.goto('/tiktok/statistics');
    await expect(page.getByTestId('stats-claims-filed')).toContainText(/\d/);
    await expect(page.getByTestId('stats-estimate-projection')).toContainText('$');
    // A few thousand demo claims against 1.4 million expected: the "ended today" figure would mislead, so it is withheld.
    await expect(page.getByTestId('stats-estimate-today')).toContainText('Not shown yet');
    await expect(page.getByRole('heading', { name: 'Key dates' })).toBeVisible();
    await expect(page.locator('main')).not.toContainText('@');
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'statistics-phone');
  });
});
