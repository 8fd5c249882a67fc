import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_SECOND_FINANCE } from '../lib/demo/staff-accounts';
import { DEMO_STAFF_PASSWORD, fillSignIn, freshCode, signInAs } from './fixtures/auth';
import { shot } from './helpers/site';

/*
 * The two-person rule of a payout run (issue 9): finance user A computes a draft, finance user B
 * re-authenticates and approves it, and exports the payments; A cannot approve their own run.
 */
test('finance A computes a run, finance B approves it after re-authentication and exports it', async ({ browser }) => {
  test.setTimeout(240_000);
  const a = await (await browser.newContext()).newPage();
  await signInAs(a, 'finance', '/admin/tiktok/payouts');
  await a.goto('/admin/tiktok/payouts');
  await a.getByRole('button', { name: 'Compute a draft run' }).click();
  await a.waitForURL(/\/admin\/tiktok\/payouts\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  const runUrl = new URL(a.url()).pathname;
  await expect(a.getByRole('heading', { level: 1 })).toContainText('draft');
  await expect(a.getByText('You computed this run, so someone else with the finance role must approve it.')).toBeVisible();
  await expect(a.getByRole('img', { name: /Histogram of payments/ })).toBeVisible();
  await shot(a, 'payout-run-draft');

  const b = await (await browser.newContext()).newPage();
  await b.goto(`/admin/sign-in?next=${encodeURIComponent(runUrl)}`);
  await fillSignIn(b, E2E_SECOND_FINANCE.email, DEMO_STAFF_PASSWORD, await freshCode(E2E_SECOND_FINANCE.email, E2E_SECOND_FINANCE.totpSecret));
  await b.waitForURL((u) => u.pathname === runUrl);
  // Re-authentication right before approving money: password and authenticator code again.
  await b.goto(`/admin/sign-in?fresh=1&next=${encodeURIComponent(runUrl)}`);
  await fillSignIn(b, E2E_SECOND_FINANCE.email, DEMO_STAFF_PASSWORD, await freshCode(E2E_SECOND_FINANCE.email, E2E_SECOND_FINANCE.totpSecret));
  await b.waitForURL((u) => u.pathname === runUrl);
  await b.getByRole('button', { name: 'Approve this run' }).click();
  // The page re-renders as approved: the approval form gives way to the lock button.
  await expect(b.getByRole('heading', { level: 1 })).toContainText('approved');
  await expect(b.getByRole('button', { name: 'Lock this run for disbursement' })).toBeVisible();

  const allocated = (await b.locator('dt:has-text("Allocated to claims") + dd').textContent())!.trim();
  const [download] = await Promise.all([b.waitForEvent('download'), b.getByRole('link', { name: 'Export payments (CSV)' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('claim_id,claim_ref,tier,units,amount_cents,payment_method,status');
  const cents = csv.slice(1).reduce((t, l) => t + Number(l.split(',')[4]), 0);
  expect(`$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`).toBe(allocated);
  await shot(b, 'payout-run-approved');

  await b.setViewportSize({ width: 375, height: 800 });
  await b.reload();
  await shot(b, 'payout-run-375');
});
