// Runs before signin-flood.spec.ts (files run in name order): that spec leaves the sign-in throttle of
// this address engaged for a minute, and this one signs in.
import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './fixtures/auth';
import { expectNoHorizontalScroll, makePdf, waitForMail } from './helpers/site';

/**
 * Paper requests for exclusion and paper objections keyed in by staff (issue 7): the web forms' checks
 * with every error at its field, channel `mail`, the postmark deciding timeliness, and re-keying the same
 * envelope adding nothing. On `tiktok-closed` every deadline has passed (the opt-out and objection
 * deadlines about five weeks ago), so a postmark two days ago is late and one 60 days ago is timely.
 * Screenshots in e2e/screenshots.
 */
const SHOTS = 'e2e/screenshots';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const run = Date.now().toString(36).toUpperCase();

async function fillMember(page: Page, last: string, email: string) {
  await page.getByLabel('First name', { exact: true }).fill('Paula');
  await page.getByLabel('Last name', { exact: true }).fill(last);
  await page.getByLabel('Street address', { exact: true }).fill('12 Mill Rd');
  await page.getByLabel('City', { exact: true }).fill('Peoria');
  await page.getByLabel('State', { exact: true }).fill('IL');
  await page.getByLabel('ZIP code', { exact: true }).fill('61602');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Name as signed', { exact: true }).fill(`Paula ${last}`);
}

test('a case manager keys in a paper request for exclusion: errors at their fields, late by postmark, idempotent, channel mail', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'case_manager', '/admin/tiktok-closed/opt-outs');
  await page.getByRole('link', { name: 'Key in a paper request' }).click();
  await expect(page.getByRole('heading', { name: 'Key in a paper request for exclusion' })).toBeVisible();

  // An empty form: the summary is focused and lists each problem; each field says what is wrong.
  await page.getByRole('button', { name: 'Enter paper request' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Postmark date');
  await expect(summary).toContainText('Mail room reference');
  const ref = page.getByLabel('Mail room reference', { exact: true });
  await expect(ref).toHaveAttribute('aria-invalid', 'true');
  await expect(ref).toHaveAttribute('aria-describedby', /mailReference-error/);
  await expect(page.locator('#mailReference-error')).toContainText('Enter the mail room reference');
  await expect(page.getByLabel(/The letter asks to be excluded/)).toHaveAttribute('aria-invalid', 'true');
  // The summary's links move the keyboard to the field.
  await summary.getByRole('link', { name: /Mail room reference/ }).press('Enter');
  await expect(page).toHaveURL(/#mailReference$/);
  await page.screenshot({ path: `${SHOTS}/paper-opt-out-errors.png`, fullPage: true });

  const reference = `EX-${run}`;
  await page.getByLabel('Postmark date', { exact: true }).fill(daysAgo(2));
  await ref.fill(reference);
  await fillMember(page, `Optout${run.toLowerCase()}`, `paula.optout.${run.toLowerCase()}@example.org`);
  await page.getByLabel(/The letter asks to be excluded/).check();
  await page.getByRole('button', { name: 'Enter paper request' }).click();
  const ok = page.getByTestId('paper-ok');
  await expect(ok).toContainText(/Request for exclusion EX-[\w-]+ entered — postmarked after the deadline, so it is marked late/);
  await expect(ok).toBeFocused();
  const requestId = (await ok.textContent())!.match(/EX-[\w-]+/)![0];
  // The form is empty again for the next envelope.
  await expect(page.getByLabel('Mail room reference', { exact: true })).toHaveValue('');
  await page.screenshot({ path: `${SHOTS}/paper-opt-out-entered.png`, fullPage: true });
  // The form carried an e-mail address: the person is told, as a paper claimant is.
  await waitForMail((m) => (m.subject ?? '').includes(requestId));

  // The same envelope keyed in again (another hand, lower case): nothing is added.
  await page.getByLabel('Postmark date', { exact: true }).fill(daysAgo(2));
  await page.getByLabel('Mail room reference', { exact: true }).fill(reference.toLowerCase());
  await fillMember(page, `Optout${run.toLowerCase()}`, `paula.optout.${run.toLowerCase()}@example.org`);
  await page.getByLabel(/The letter asks to be excluded/).check();
  await page.getByRole('button', { name: 'Enter paper request' }).click();
  await expect(ok).toContainText(`This envelope was already entered as ${requestId}; nothing was added.`);

  await ok.getByRole('link', { name: 'Open the request' }).click();
  await expect(page.getByRole('heading', { name: requestId })).toBeVisible();
  await expect(page.locator('dl.kv')).toContainText('Mail (paper, keyed in by staff)');
  await expect(page.locator('dl.kv')).toContainText(`Postmarked${daysAgo(2)}`);
  await expect(page.locator('dl.kv')).toContainText('No — postmarked after the deadline');
  await page.screenshot({ path: `${SHOTS}/paper-opt-out-detail.png`, fullPage: true });

  // The list shows the channel.
  await page.goto('/admin/tiktok-closed/opt-outs');
  await expect(page.getByRole('row', { name: new RegExp(requestId) })).toContainText('mail');

  // At 375 px the form still works: one column, no sideways scrolling, errors still at their fields.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/admin/tiktok-closed/opt-outs/new');
  await page.getByRole('button', { name: 'Enter paper request' }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: `${SHOTS}/paper-opt-out-375.png`, fullPage: true });
});

test('a case manager keys in a paper objection with its scanned letter, timely by postmark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'case_manager', '/admin/tiktok-closed/objections');
  await page.getByRole('link', { name: 'Key in a paper objection' }).click();
  await expect(page.getByRole('heading', { name: 'Key in a paper objection' })).toBeVisible();

  // A scan that is not a PDF, and a missing answer: both named at their fields, what was typed kept.
  await page.getByLabel('Postmark date', { exact: true }).fill(daysAgo(60));
  await page.getByLabel('Mail room reference', { exact: true }).fill(`OB-${run}`);
  await fillMember(page, `Objector${run.toLowerCase()}`, `paula.objector.${run.toLowerCase()}@example.org`);
  await page.getByLabel('Reasons given', { exact: true }).fill('The fees are too high for a class this size.');
  await page.getByLabel(/Scanned letter/).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\u0090 this is not a PDF') });
  await page.getByRole('button', { name: 'Enter paper objection' }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(page.locator('#document-error')).toContainText('not a valid PDF');
  await expect(page.locator('#hasCounsel-error')).toBeVisible();
  await expect(page.getByLabel('Reasons given', { exact: true })).toHaveValue('The fees are too high for a class this size.');

  await page.getByLabel(/Scanned letter/).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: await makePdf('Paper objection of Paula Objector') });
  await page.getByRole('group', { name: 'Does a lawyer represent the objector?' }).getByLabel('No', { exact: true }).check();
  await page.getByRole('group', { name: /intend to appear/ }).getByLabel(/^No/).check();
  await page.getByRole('button', { name: 'Enter paper objection' }).click();
  const ok = page.getByTestId('paper-ok');
  await expect(ok).toContainText(/Objection OB-[\w-]+ entered\./);
  await expect(ok).not.toContainText('late');
  await page.screenshot({ path: `${SHOTS}/paper-objection-entered.png`, fullPage: true });

  await ok.getByRole('link', { name: 'Open the objection' }).click();
  await expect(page.locator('dl.kv')).toContainText('Mail (paper, keyed in by staff)');
  await expect(page.locator('dl.kv')).toContainText(`Postmarked${daysAgo(60)}`);
  await expect(page.getByRole('link', { name: /scan\.pdf/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/paper-objection-detail.png`, fullPage: true });
});

test('the auditor (read-only) gets no link and no form', async ({ page }) => {
  await signInAs(page, 'auditor', '/admin/tiktok/opt-outs');
  await expect(page.getByRole('heading', { name: 'Requests for exclusion' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Key in a paper request' })).toHaveCount(0);
  const res = await page.goto('/admin/tiktok/objections/new');
  expect(res?.status()).toBe(403);
});
