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
  // The chart has a text alternative, and the figures are in a table too.
  await expect(page.getByRole('img', { name: /Bar chart of claims per day/ })).toBeVisible();
  const received = Number((await page.locator('.kpi', { hasText: 'Claims received' }).locator('.kpi-value').innerText()).replace(/,/g, ''));
  expect(received).toBeGreaterThan(500);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/console-dashboard.png`, fullPage: true });

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
  const pdf = fs.readFileSync((await (await pdfDownload).path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5000);
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
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('search-status')).toHaveText('1 claim with this e-mail.');
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

test('the dashboard works at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page, 'admin', '/admin/tiktok/dashboard');
  await expect(page.getByRole('heading', { name: 'Key dates' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/console-dashboard-phone.png`, fullPage: true });
});
