// Runs before signin-flood.spec.ts (files run in name order): that spec leaves the sign-in throttle of
// this address engaged for a minute, and this one signs in.
import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';

/**
 * A paper claim keyed in by staff (issue 7, "Claims by mail"): a case manager enters a mailed form with its
 * postmark; the claim is filed on the mail channel, verified like every claim, and its verification
 * evidence is shown side by side, masked. Screenshots in e2e/screenshots.
 */
const SHOTS = 'e2e/screenshots';

test('a case manager keys in a paper claim, and sees its verification evidence', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'case_manager', '/admin/tiktok/claims');
  await page.getByRole('link', { name: 'Enter a paper claim' }).click();
  await expect(page.getByRole('heading', { name: 'Enter a paper claim' })).toBeVisible();

  // First a form with mistakes: every problem is named at its field.
  await page.getByLabel('Postmark date', { exact: true }).fill('2020-01-01');
  await page.getByRole('button', { name: 'Enter paper claim' }).click();
  await expect(page.locator('.paper-claim .alert.error')).toContainText('problems');
  // What was typed is kept.
  await expect(page.getByLabel('Postmark date', { exact: true })).toHaveValue('2020-01-01');
  await expect(page.getByLabel('Mail room reference', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // Two days ago: in the past in every time zone, before the demo's claim deadline.
  const today = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Postmark date', { exact: true }).fill(today);
  await page.getByLabel('Mail room reference', { exact: true }).fill('M2026-0142');
  await page.getByLabel('First name', { exact: true }).fill('Mary');
  await page.getByLabel('Last name', { exact: true }).fill('Paperform');
  await page.getByLabel('Street address', { exact: true }).fill('12 Elm St');
  await page.getByLabel('City', { exact: true }).fill('Peoria');
  await page.getByLabel('State', { exact: true }).selectOption('IL');
  await page.getByLabel('ZIP code', { exact: true }).fill('61602');
  await page.getByLabel('E-mail', { exact: true }).fill('mary.paperform@example.org');
  await page.getByLabel(/ 1$/).fill('marypaperform');
  await page.getByLabel('Payment method', { exact: true }).selectOption('check');
  await page.getByLabel('Name as signed', { exact: true }).fill('Mary Paperform');
  await page.getByLabel('The form is signed under penalty of perjury', { exact: true }).check();
  await page.getByRole('button', { name: 'Enter paper claim' }).click();
  await expect(page.getByTestId('paper-ok')).toContainText(/Paper claim CL-[\w-]+ entered/);
  await page.screenshot({ path: `${SHOTS}/paper-claim-entered.png`, fullPage: true });

  await page.getByRole('link', { name: 'Open the claim' }).click();
  await expect(page.getByText('Mail', { exact: false }).first()).toBeVisible();
  const evidence = page.getByTestId('match-evidence');
  await expect(evidence).toContainText('Verification evidence');
  await expect(evidence).toContainText('IDENTIFIER_MISMATCH');
  await evidence.screenshot({ path: `${SHOTS}/paper-claim-evidence.png` });

  // At 375 px the form still works (one column).
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/admin/tiktok/claims/new');
  await page.screenshot({ path: `${SHOTS}/paper-claim-375.png`, fullPage: true });
});
