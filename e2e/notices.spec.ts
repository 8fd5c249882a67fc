import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';
import { screenshot } from './claim-helpers';

/**
 * Issue 7 (Notices): an administrator sees the notices issued, exports the mail vendor's file with the
 * confirmation codes, and a claimant who follows the e-mail notice's link (`/claim?notice=N-…`) finds the
 * Notice ID filled in, enters the code from that file, and the form recognises the notice.
 */
test('an administrator issues notices and exports the vendor file; its Notice ID and code prefill the claim form', async ({ page, context }) => {
  await signInAs(page, 'admin', '/admin/tiktok/notices');
  await page.goto('/admin/tiktok/notices');
  await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
  // The demo's class list comes with notices issued by the same code (lib/notices/codes.ts); issuing again is a no-op.
  await expect(page.getByText(/2,000 of 2,000 class members have a Notice ID/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Issue notices' })).toBeDisabled();
  await screenshot(page, 'notices-console');
  await page.setViewportSize({ width: 375, height: 900 });
  await screenshot(page, 'notices-console-375');
  await page.setViewportSize({ width: 1280, height: 900 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the notice file (CSV)' }).click()]);
  const rows = parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(2000);
  expect(Object.keys(rows[0])).toEqual(['notice_id', 'confirmation_code', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country', 'email']);
  const m = rows[5];
  expect(m.confirmation_code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // The claimant (a fresh browser session) follows the notice e-mail's link.
  const claimant = await context.browser()!.newContext();
  const p = await claimant.newPage();
  await p.goto(`/tiktok/claim?notice=${m.notice_id}`);
  await p.locator('#f-usResident').check();
  await p.locator('#f-usedApp').check();
  await p.locator('#f-filingFor').check();
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.getByLabel('First name').fill(m.first_name);
  await p.getByLabel('Last name').fill(m.last_name);
  await p.getByLabel('E-mail address').fill('claimant.notices@example.org');
  await p.getByLabel('State').selectOption(m.state);
  await p.getByLabel('ZIP code').fill(m.zip);
  await p.getByRole('button', { name: 'Continue' }).click();
  await expect(p.getByLabel('Notice ID')).toHaveValue(m.notice_id);
  await p.getByLabel('Confirmation code').fill(m.confirmation_code.toLowerCase());
  await p.getByRole('button', { name: 'Find my notice' }).click();
  await expect(p.getByTestId('notice-prefill')).toContainText('We found your notice');
  await expect(p.getByTestId('notice-prefill')).toContainText(`${m.first_name[0]}. ${m.last_name[0]}.`);
  await screenshot(p, 'notices-claim-prefill');
  await claimant.close();

  // The e-mail campaign: started from the console, progress read back from the outbox while it sends.
  await page.goto('/admin/tiktok/notices');
  await page.getByLabel('Rate (messages per second, optional)').fill('200');
  await page.getByRole('button', { name: 'Start the campaign' }).click();
  await expect(page.getByRole('status')).toContainText('The campaign is sending');
  await expect(page.getByText(/Sent [1-9][\d,]* of 2,000 messages/)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'notices-campaign-progress');

  await page.goto('/admin/tiktok/dashboard');
  await expect(page.getByTestId('notice-panel')).toContainText('Class members');
  await page.getByTestId('notice-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'notices-dashboard-panel');
});
