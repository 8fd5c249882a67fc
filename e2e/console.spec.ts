import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';

/**
 * The administrators' console as its users meet it: a case manager checks the deadlines and exports the
 * declaration (CSV and PDF), the auditor exports but cannot reveal personal data, a reviewer's reveal is
 * written to the claim's audit trail. The demo settlement carries six weeks of synthetic activity.
 */

const SHOTS = 'e2e/screenshots';

test('a case manager checks the deadlines and exports the declaration as CSV and PDF', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'case_manager', '/admin/tiktok/dashboard');
  await expect(page).toHaveURL(/\/admin\/tiktok\/dashboard/);
  await expect(page.getByRole('heading', { name: 'Key dates' })).toBeVisible();
  const claimDeadline = page.getByTestId('deadline-claimDeadline');
  await expect(claimDeadline).toContainText('Claim deadline');
  await expect(claimDeadline).toContainText(/\d+ days to go/);
  await expect(page.getByTestId('deadline-noticeDate')).toContainText(/passed \d+ days ago/);
  // Intake against plan: running totals on one scale, the share of plan stated in words and in the chart's text alternative.
  await expect(page.getByRole('img', { name: /claims received to date against the plan, on one scale/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Bar chart of claims received per day/ })).toBeVisible();
  const received = Number((await page.getByTestId('kpi-claims').locator('.kpi-value').innerText()).replace(/,/g, ''));
  expect(received).toBeGreaterThan(500);
  // The demo's ~1,300 claims against ~900,000 expected: a fraction of one percent, said as such.
  await expect(page.getByTestId('plan-ratio')).toContainText(/^0\.\d\d% of plan: [\d,]+ claims received against [\d,]+ expected by today\.$/);
  // Both estimates, each with its basis: the projection at the expected claim rate and the claims so far.
  await expect(page.getByTestId('kpi-projection')).toContainText('at the expected 1.6% claim rate (1,424,000 claimants)');
  await expect(page.getByTestId('kpi-projection').locator('.kpi-value')).toHaveText('$27.42');
  await expect(page.getByTestId('kpi-today')).toContainText(`on the `);
  await expect(page.getByTestId('estimate-projection')).toContainText('Projection at the expected claim rate: 1.6% of the 89,000,000 class members');
  await expect(page.getByTestId('estimate-projection')).toContainText('8% of claimants in the Illinois Subclass (6 shares each)');
  await expect(page.getByTestId('estimate-today')).toContainText(/If the claim period ended today: the [\d,]+ claims received so far that are not denied or withdrawn, holding [\d,]+ shares\./);
  await expect(page.locator('.page-head')).toContainText('(Eastern Time)');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/console-dashboard.png`, fullPage: true });
  await page.locator('#perday-h').locator('..').screenshot({ path: `${SHOTS}/console-dashboard-plan.png` });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports to the court' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/console-reports.png`, fullPage: true });

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: "Download the Administrator's declaration as CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^tiktok-declaration-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toBe('Section,Item,Value,Note\r');
  expect(text).toContain(`Claims received,Claims received,${received},`);

  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: "Download the Administrator's declaration as PDF" }).click();
  const pdfPath = (await (await pdfDownload).path())!;
  const pdf = fs.readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5000);
  // The sworn figure is the projection, labeled; pages rendered for review.
  const pdfText = execFileSync('/usr/bin/pdftotext', ['-layout', pdfPath, '-']).toString().replace(/\s+/g, ' ');
  expect(pdfText).toContain('ESTIMATED PAYMENT (PROJECTION)');
  expect(pdfText).toContain('Projected payment per share $27.42');
  expect(pdfText).toContain('a payment computed from them alone would not be an estimate of the final payment');
  expect(pdfText).toContain('Eastern Time');
  expect(pdfText).toContain('Authorized representative');
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '70', pdfPath, `${SHOTS}/console-declaration`]);
});

test('the auditor exports reports and reads filings but cannot reveal personal data', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await signInAs(page, 'auditor', '/admin/tiktok/objections');
  await expect(page.getByRole('heading', { name: 'Objections' })).toBeVisible();
  await page.getByRole('link', { name: /^OB-/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Grounds' })).toBeVisible();
  await page.goto('/admin/tiktok/objections');
  const withDoc = page.locator('tr', { hasText: 'attached' }).getByRole('link', { name: /^OB-/ });
  await withDoc.click();
  const docDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: /objection-letter\.pdf/ }).click();
  const doc = fs.readFileSync((await (await docDownload).path())!);
  expect(doc.subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: `${SHOTS}/console-objection.png`, fullPage: true });

  // The exclusion list holds every request the console counts (other specs file more during the run).
  await page.goto('/admin/tiktok/opt-outs');
  const received = Number((await page.getByText(/\d+ received ·/).innerText()).match(/([\d,]+) received/)![1].replace(/,/g, ''));
  expect(received).toBeGreaterThanOrEqual(14); // the demo's own requests for exclusion
  const res = await page.request.get('/api/admin/tiktok/reports/exclusions?format=json');
  expect(res.status()).toBe(200);
  const json = await res.json();
  expect(json.rowCount).toBe(received);
  expect(json.rows[0]).toHaveProperty('name');

  await page.goto('/admin/tiktok/claims');
  await page.getByRole('link', { name: /^CL-/ }).first().click();
  await expect(page.getByText('Masked: your role cannot reveal personal data.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reveal personal data' })).toHaveCount(0);
  await expect(page.getByTestId('pii')).toContainText('•');
});

test('a reviewer searches, reveals personal data, and the reveal is on the claim’s audit trail', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1100 }); // a tablet
  await signInAs(page, 'reviewer', '/admin/tiktok/claims');
  const search = page.getByRole('searchbox', { name: /Claim ID, e-mail, phone or full name/ });
  await search.fill('demo.claimant7@example.com');
  await page.getByRole('button', { name: 'Show claims' }).click();
  await expect(page.getByTestId('list-status')).toHaveText('1 claim with this e-mail.');
  await page.screenshot({ path: `${SHOTS}/console-search.png`, fullPage: true });
  await page.getByRole('link', { name: /^CL-/ }).click();
  await expect(page.getByTestId('pii')).not.toContainText('demo.claimant7@example.com');
  await page.getByRole('button', { name: 'Reveal personal data' }).click();
  await expect(page.getByTestId('pii')).toContainText('demo.claimant7@example.com');
  await expect(page.getByText('Revealed — this view was recorded in the audit log')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('claim-audit')).toContainText('claim.pii.reveal');
  await expect(page.getByTestId('pii')).not.toContainText('demo.claimant7@example.com');
  await page.screenshot({ path: `${SHOTS}/console-claim.png`, fullPage: true });
  // The reviewer's role cannot export reports: the route refuses.
  expect((await page.request.get('/api/admin/tiktok/reports/declaration?format=csv')).status()).toBe(403);
});

test('the claims list pages in a stable order with its total, filters in the URL, times in Eastern Time', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await signInAs(page, 'reviewer', '/admin/tiktok/claims');
  const status = page.getByTestId('list-status');
  await expect(status).toContainText(/^Claims 1–50 of [\d,]+, newest first\.$/);
  const total = Number((await status.innerText()).match(/of ([\d,]+)/)![1].replace(/,/g, ''));
  expect(total).toBeGreaterThan(500);
  await expect(page.getByRole('columnheader', { name: 'Submitted (Eastern Time)' })).toBeVisible();
  const table = page.getByTestId('claims-table');
  const firstPage = await table.getByRole('link', { name: /^CL-/ }).allInnerTexts();
  expect(firstPage).toHaveLength(50);
  // Times are newest first, in the settlement's zone (the <time> keeps the instant).
  const shown = await table.locator('time').allInnerTexts();
  expect([...shown].sort().reverse()).toEqual(shown);
  await page.screenshot({ path: `${SHOTS}/console-claims.png`, fullPage: true });

  // Paging by keyboard: older, then back to newer gives the same first page.
  await page.getByRole('link', { name: 'Older ›' }).focus();
  await page.keyboard.press('Enter');
  await expect(status).toContainText(/^Claims 51–100 of /);
  await expect(page.getByText(/^Page 2 of /)).toBeVisible();
  const secondPage = await table.getByRole('link', { name: /^CL-/ }).allInnerTexts();
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
  await page.getByRole('link', { name: '‹ Newer' }).click();
  await expect(status).toContainText(/^Claims 1–50 of /);
  expect(await table.getByRole('link', { name: /^CL-/ }).allInnerTexts()).toEqual(firstPage);

  // Filters by their labels; they land in the URL and narrow the exact total.
  await page.getByLabel('Channel').selectOption('mail');
  await page.getByLabel('Status').selectOption('received');
  await page.getByRole('button', { name: 'Show claims' }).click();
  await expect(page).toHaveURL(/channel=mail/);
  await expect(page).toHaveURL(/status=received/);
  await expect(status).toContainText(/matching the filters, newest first\.$|^No claims match these filters\.$/);
  const rows = table.locator('tbody tr');
  for (const row of await rows.all()) {
    if ((await row.innerText()).includes('No claims')) break;
    await expect(row).toContainText('Mail');
    await expect(row).toContainText('Received');
  }
  await page.screenshot({ path: `${SHOTS}/console-claims-filtered.png`, fullPage: true });
  // A date range that ends before it starts is named, not guessed.
  await page.goto('/admin/tiktok/claims?from=2026-03-10&to=2026-03-01');
  await expect(page.getByRole('alert').filter({ hasText: 'Filters not applied' })).toContainText('submitted to: the end date is before the start date');
});

test('the dashboard works at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page, 'admin', '/admin/tiktok/dashboard');
  await expect(page.getByRole('heading', { name: 'Key dates' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/console-dashboard-phone.png`, fullPage: true });
  await page.locator('#perday-h').locator('..').screenshot({ path: `${SHOTS}/console-dashboard-phone-plan.png` });
  await page.getByTestId('estimate').screenshot({ path: `${SHOTS}/console-dashboard-phone-estimate.png` });
});
