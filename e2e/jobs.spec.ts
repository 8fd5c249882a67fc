import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';

/**
 * Background jobs from the console: a case manager generates a synthetic data set, watches its progress
 * bar fill, leaves the page and comes back to the finished run (the state is in the database, not the
 * page). The web server runs the job in its own process (embedded PGlite; FAIRSHARE_WORKER on PostgreSQL).
 */
const SHOTS = 'e2e/screenshots';

test('a case manager starts a job from the console and watches its progress bar', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'case_manager', '/admin/tiktok/jobs');
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'Generate a synthetic data set' });
  // A bad value is named at its field.
  await form.getByLabel('Seed').fill('not a seed!');
  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(form.getByText('letters, digits, - and _ (up to 40)')).toBeVisible();
  await expect(form.getByLabel('Seed')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Class members').fill('400000');
  await form.getByLabel('Claims').fill('100000');
  await form.getByLabel('Seed').fill('e2e');
  await form.getByRole('button', { name: 'Generate' }).click();
  const bar = form.getByTestId('job-progress');
  await expect(bar).toBeVisible();
  await expect(bar.getByRole('status')).toContainText(/Running: [\d,]+ of 500,000/, { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/jobs-running.png`, fullPage: true });

  // Leave and come back: the run is listed with its bar, and it finishes.
  await page.goto('/admin/tiktok/dashboard');
  await page.goto('/admin/tiktok/jobs');
  const run = page.getByTestId('job-run').first();
  await expect(run).toContainText('generate.dataset');
  await expect(run.getByRole('status')).toContainText('Finished: 500,000 of 500,000 (100%)', { timeout: 90_000 });
  await page.reload();
  await expect(page.getByTestId('job-run').first()).toContainText('claims');
  await page.screenshot({ path: `${SHOTS}/jobs-finished.png`, fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: `${SHOTS}/jobs-375.png`, fullPage: true });

  // A long run is cancelled from its row; it stops and says so.
  await page.setViewportSize({ width: 1280, height: 900 });
  await form.getByLabel('Class members').fill('1000000');
  await form.getByLabel('Claims').fill('1000000');
  await form.getByLabel('Seed').fill('cancel');
  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(form.getByTestId('job-progress').getByRole('status')).toContainText(/Running: [\d,]+ of 2,000,000/, { timeout: 60_000 });
  await page.reload();
  const long = page.getByTestId('job-run').first();
  await long.getByRole('button', { name: 'Cancel' }).click();
  await expect(long.getByRole('status').first()).toContainText('Cancelled', { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/jobs-cancelled.png`, fullPage: true });
});

test('an auditor sees the jobs but cannot start one', async ({ page }) => {
  await signInAs(page, 'auditor', '/admin/tiktok/jobs');
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Generate a synthetic data set' })).toHaveCount(0);
});
