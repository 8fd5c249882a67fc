import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';
import { screenshot } from './claim-helpers';

/**
 * Issue 7, the whole notice path: an administrator uploads the defendant's class list (two new members
 * without a notice), issues notices to them, exports the mail vendor's file with the confirmation codes,
 * and a new member who follows the e-mail notice's link (`/claim?notice=N-…`) finds the Notice ID filled
 * in, enters the code from that file, and the form recognises the notice. Order-independent: it counts
 * what it finds rather than assuming the demo's 2,000 members.
 */
const HEADER = 'record_id,email,first_name,last_name,street,city,state,zip,created_video_in_illinois,months_active';

test('an administrator uploads a class list, issues notices and exports the vendor file; its Notice ID and code prefill the claim form', async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'admin', '/admin/tiktok/class-list');
  await page.goto('/admin/tiktok/class-list');
  await page.getByLabel('Class-list file (CSV)').setInputFiles({
    name: 'new-members.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      [HEADER, 'NOTICE-E2E-1,nora.quill@example.net,Nora,Quill,88 Lake Shore Dr,Chicago,IL,60611,true,20', 'NOTICE-E2E-2,omar.vance@example.net,Omar,Vance,9 Elm St,Austin,TX,73301,false,4'].join('\n') + '\n',
    ),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Imported 2 records/ })).toBeVisible();

  await page.goto('/admin/tiktok/notices');
  await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
  await expect(page.getByText(/do not yet/)).toBeVisible();
  await page.getByRole('button', { name: /^Issue notices to [\d,]+ members?$/ }).click();
  await expect(page.getByText(/^([\d,]+) of \1 class members have a Notice ID/)).toBeVisible();
  // Issuing again is a no-op: everyone has one.
  await expect(page.getByRole('button', { name: 'Issue notices' })).toBeDisabled();
  await screenshot(page, 'notices-console');
  await page.setViewportSize({ width: 375, height: 900 });
  await screenshot(page, 'notices-console-375');
  await page.setViewportSize({ width: 1280, height: 900 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the notice file (CSV)' }).click()]);
  const rows = parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')), { columns: true }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThanOrEqual(2002);
  expect(Object.keys(rows[0])).toEqual(['notice_id', 'confirmation_code', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country', 'email']);
  const m = rows.find((r) => r.last_name === 'Quill')!;
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
  // Without the confirmation nothing is sent.
  await page.getByRole('button', { name: 'Start the campaign' }).click();
  await expect(page.getByText('Tick the box to confirm sending the notice e-mail.')).toBeVisible();
  await page.getByLabel('Send the notice e-mail to every member not yet sent one').check();
  await page.getByRole('button', { name: 'Start the campaign' }).click();
  await expect(page.getByRole('status')).toContainText('The campaign is sending');
  await expect(page.getByText(/Sent [1-9][\d,]* of [\d,]+ messages/)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'notices-campaign-progress');

  await page.goto('/admin/tiktok/dashboard');
  await expect(page.getByTestId('notice-panel')).toContainText('Class members');
  await page.getByTestId('notice-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'notices-dashboard-panel');
});
