import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_SECOND_FINANCE } from '../lib/demo/staff-accounts';
import { lookUpStatus } from './claim-helpers';
import { DEMO_STAFF_PASSWORD, demoAccount, fillSignIn, freshCode, signInAs } from './fixtures/auth';
import { shot, waitForMail } from './helpers/site';

/*
 * Disbursement end to end (issue 10): finance A computes a run, finance B approves it; A (not the
 * approver) re-authenticates and starts a PayPal disbursement from the console; PayPal's results file
 * fails one payment and returns another; the first claimant is e-mailed and chooses Venmo on the status
 * page; finance re-issues the other in bulk and sends again; the run reconciles to the cent.
 */
test('finance disburses an approved run, a payment fails, the claimant chooses another method, finance re-issues', async ({ browser }) => {
  test.setTimeout(300_000);
  const a = await (await browser.newContext()).newPage();
  await signInAs(a, 'finance', '/admin/tiktok/payouts');
  await a.goto('/admin/tiktok/payouts');
  await a.getByRole('button', { name: 'Compute a draft run' }).click();
  await a.waitForURL(/\/admin\/tiktok\/payouts\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  const runUrl = new URL(a.url()).pathname;
  const runId = runUrl.split('/').at(-1)!;

  const b = await (await browser.newContext()).newPage();
  await b.goto(`/admin/sign-in?fresh=1&next=${encodeURIComponent(runUrl)}`);
  await fillSignIn(b, E2E_SECOND_FINANCE.email, DEMO_STAFF_PASSWORD, await freshCode(E2E_SECOND_FINANCE.email, E2E_SECOND_FINANCE.totpSecret));
  await b.waitForURL((u) => u.pathname === runUrl);
  await b.getByRole('button', { name: 'Approve this run' }).click();
  await expect(b.getByRole('heading', { level: 1 })).toContainText('approved');

  // A did not approve it, and re-authenticates before sending money.
  const fin = demoAccount('finance');
  await a.goto(`/admin/sign-in?fresh=1&next=${encodeURIComponent('/admin/tiktok/disbursements')}`);
  await fillSignIn(a, fin.email, DEMO_STAFF_PASSWORD, await freshCode(fin.email, fin.totpSecret));
  await a.waitForURL((u) => u.pathname === '/admin/tiktok/disbursements');
  const run = a.locator(`[data-run="${runId}"]`);
  await run.getByLabel('Rail', { exact: true }).selectOption('paypal');
  await run.getByRole('button', { name: 'Start disbursement' }).click();
  await expect(run.getByRole('status').filter({ hasText: 'ready' })).toBeVisible({ timeout: 60_000 });
  await shot(a, 'disbursements-started');

  const [download] = await Promise.all([a.waitForEvent('download'), run.getByRole('link', { name: /paypal-0001-part1\.csv/ }).click()]);
  const rows = fs
    .readFileSync((await download.path())!, 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => l.split(','));
  const paypal = rows.filter((r) => r[5] === 'PAYPAL' && r[6] === 'EMAIL');
  expect(paypal.length).toBeGreaterThanOrEqual(2);
  const [first, second] = paypal;

  // PayPal's results: the first FAILED, the second RETURNED.
  await a.goto('/admin/tiktok/disbursements');
  await a.getByLabel('File', { exact: true }).selectOption('paypal_results');
  await a.getByLabel('Results file', { exact: true }).setInputFiles({ name: 'paypal-results.csv', mimeType: 'text/csv', buffer: Buffer.from(`Reference ID,Status\n${first[3]},FAILED\n${second[3]},RETURNED\n`) });
  await a.getByRole('button', { name: 'Import' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'applied' })).toBeVisible();
  await a.reload();
  const failureIds = await run.locator('table:has(th:text("Code")) tbody tr td:first-child').allTextContents();
  expect(failureIds).toHaveLength(2);
  await shot(a, 'disbursements-failures');

  // The first claimant was e-mailed with a link to the status page.
  const mail = await waitForMail((m) => (m.subject ?? '').includes('needs your attention') && (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(first[0])));
  expect(mail.text).toContain('/tiktok/status?id=');
  const claimId = (mail.text!.match(/claim (CL-[A-Z0-9-]+)/) ?? [])[1];
  expect(failureIds).toContain(claimId);

  const c = await (await browser.newContext()).newPage();
  await lookUpStatus(c, 'tiktok', claimId, first[0]);
  await expect(c.locator('[data-payment-state="failed"]')).toContainText('could not send your payment');
  await c.getByRole('radio', { name: 'Venmo' }).check();
  await c.getByRole('button', { name: 'Send my payment this way' }).click();
  await expect(c.getByRole('alert').filter({ hasText: /Venmo/ })).toBeVisible();
  await shot(c, 'status-payment-method-error');
  await c.getByLabel(/Your Venmo account/).fill('@fairshare-e2e');
  await c.getByRole('button', { name: 'Send my payment this way' }).click();
  await expect(c.getByTestId('cure-message')).toContainText('send your payment again');
  await expect(c.locator('[data-payment-state="reissued"]')).toBeVisible();
  await shot(c, 'status-payment-method-changed');

  // Finance re-issues the returned one in bulk and sends both again: attempt 2 each.
  await a.reload();
  await run.getByRole('button', { name: 'Re-issue all failed and returned payments' }).click();
  await expect(run.getByRole('status').filter({ hasText: '1 payment(s) re-issued' })).toBeVisible();
  await expect(run.getByText('Re-issued so far: 2.')).toBeVisible();
  await a.reload();
  await run.getByLabel('Rail', { exact: true }).selectOption('paypal');
  await run.getByRole('button', { name: 'Start disbursement' }).click();
  await expect(run.getByRole('status').filter({ hasText: '2 payment(s) in 1 batch(es) ready' })).toBeVisible({ timeout: 60_000 });
  await a.reload();
  await expect(run.getByTestId('reconciliation')).toContainText('Reconciled');
  await shot(a, 'disbursements-reconciled');
  await a.setViewportSize({ width: 375, height: 800 });
  await a.reload();
  await shot(a, 'disbursements-375');

  await a.goto('/admin/tiktok/dashboard');
  await expect(a.getByTestId('disbursement-panel')).toBeVisible();
  await a.setViewportSize({ width: 1280, height: 900 });
  await a.getByTestId('disbursement-panel').screenshot({ path: 'e2e/screenshots/dashboard-disbursement-panel.png' });
});
