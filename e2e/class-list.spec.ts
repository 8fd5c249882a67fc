import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';

/**
 * Issue 7, class list: an administrator uploads the defendant's class list in the console, sees what
 * changed, and a malformed file is refused with every problem at its line and column. Merge mode only,
 * with new record ids, so the demo the other specs use keeps its members.
 */
const HEADER = 'record_id,email,phone,first_name,last_name,street,city,state,zip,created_video_in_illinois,months_active,first_use_date';
const csv = (rows: string[]) => ({ name: 'class-list.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\n') + '\n') });

test('an administrator uploads a class list and sees the changes; a malformed file is refused with line and column', async ({ page }) => {
  await signInAs(page, 'admin', '/admin/tiktok/class-list');
  await page.goto('/admin/tiktok/class-list');
  await expect(page.getByRole('heading', { name: 'Class list', level: 1 })).toBeVisible();
  const before = Number((await page.locator('#current + p strong').innerText()).replace(/,/g, ''));

  // Nothing chosen: the error is tied to the field.
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByLabel('Class-list file (CSV)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#classlist-file-error')).toHaveText('Choose a CSV file to import.');

  await page.getByLabel('Class-list file (CSV)').setInputFiles(
    csv([
      'E2E-1,e2e.one@example.com,+1 (312) 555-0101,Ada,Stone,123 N. Main St. Apt 4B,Chicago,IL,60601,yes,14,2019-06-01',
      'E2E-2,e2e.two@example.com,,Ben,Cole,500 West Madison Street,Chicago,IL,60661,no,3,',
      'E2E-3,,312-555-0103,Cy,Park,,,,,0,1,2020-02-29',
    ]),
  );
  await expect(page.getByLabel(/Keep them/)).toBeChecked();
  await page.getByRole('button', { name: 'Import' }).click();
  const ok = page.getByRole('status').filter({ hasText: 'Imported 3 records' });
  await expect(ok).toContainText(`The class list now has ${(before + 3).toLocaleString('en-US')} members.`);
  await expect(ok).toContainText('Added: 3');
  await expect(page.locator('#current + p')).toContainText(`${(before + 3).toLocaleString('en-US')} class members`);
  await page.screenshot({ path: 'test-results/class-list-imported.png', fullPage: true });

  await page.getByLabel('Class-list file (CSV)').setInputFiles(csv(['E2E-4,not-an-email,,,,,,,,maybe,3.5,', 'E2E-4,,,,,,,,,,,']));
  await page.getByRole('button', { name: 'Import' }).click();
  const err = page.locator('#classlist-outcome [role=alert]');
  await expect(err).toContainText('class-list.csv: 5 problems found; nothing was imported');
  await expect(err).toContainText('class-list.csv:2:2 (email): is not an e-mail address');
  await expect(err).toContainText('class-list.csv:2:10 (created_video_in_illinois): must be true or false');
  await expect(err).toContainText('class-list.csv:3:1 (record_id): record_id "E2E-4" is also on line 2');
  await page.setViewportSize({ width: 375, height: 900 });
  await page.screenshot({ path: 'test-results/class-list-errors-375.png', fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The page shows the new size and the last import.
  await page.reload();
  await expect(page.locator('#current + p')).toContainText(`${(before + 3).toLocaleString('en-US')} class members`);
  await expect(page.locator('#current + p')).toContainText('from class-list.csv (merge): 3 rows, 3 added');
});
