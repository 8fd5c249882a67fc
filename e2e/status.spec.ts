import { expect, test } from '@playwright/test';
import { fillClaim, lookUpStatus, members, screenshot, submitClaim } from './claim-helpers';

test('a claimant checks the claim by ID + e-mail and by ZIP; a wrong e-mail gets the generic answer', async ({ page }) => {
  await fillClaim(page, { email: 'status.check@example.org', zip: '73301', username: members[5].username });
  const claimId = await submitClaim(page);

  await lookUpStatus(page, 'tiktok', claimId.toLowerCase(), 'Status.Check@example.org');
  await expect(page.getByTestId('claim-status')).toHaveText('Received');
  await expect(page.locator('.claim-timeline li')).toHaveCount(4);
  await expect(page.locator('.claim-timeline li').first()).toContainText('Received');
  await expect(page.locator('#status-heading')).toBeFocused();
  await screenshot(page, 'status-received');

  await lookUpStatus(page, 'tiktok', claimId, '73301');
  await expect(page.getByTestId('claim-status')).toHaveText('Received');

  await lookUpStatus(page, 'tiktok', claimId, 'someone.else@example.org');
  await expect(page.locator('.status-lookup').getByRole('alert')).toHaveText(/We could not find a claim with that claim ID and e-mail address or ZIP code/);
  await expect(page.getByTestId('claim-status')).toHaveCount(0);
  await screenshot(page, 'status-not-found');
});

test('a deficient claim (unknown username) is fixed on the status page', async ({ page }) => {
  await fillClaim(page, { email: 'deficient.claimant@example.org', zip: '60614', username: 'not-a-real-account-9' });
  const claimId = await submitClaim(page);
  await expect(page.getByText('Action needed by')).toBeVisible();
  await screenshot(page, 'status-deficient-confirmation');

  await lookUpStatus(page, 'tiktok', claimId, '60614');
  await expect(page.getByTestId('claim-status')).toHaveText('Action needed');
  await expect(page.locator('.deficiency-box')).toContainText('We could not find your account');
  await screenshot(page, 'status-deficient');

  // A first try with another unknown username: still deficient, with the explanation again.
  await page.getByLabel('Another TikTok username you have used').fill('still-not-me');
  await page.getByRole('button', { name: 'Send my correction' }).click();
  await expect(page.getByTestId('cure-message')).toContainText('We still could not verify your claim');
  await expect(page.getByTestId('claim-status')).toHaveText('Action needed');

  await page.getByLabel('Another TikTok username you have used').fill(members[6].username!);
  await page.getByRole('button', { name: 'Send my correction' }).click();
  await expect(page.getByTestId('cure-message')).toContainText('your claim is back in review');
  await expect(page.getByTestId('claim-status')).toHaveText('Received');
  await expect(page.locator('.deficiency-box')).toHaveCount(0);
  await expect(page.locator('.claim-timeline')).toContainText('Correction received');
  await screenshot(page, 'status-cured');

  // The cure is stored: a fresh look-up shows the claim back in review.
  await lookUpStatus(page, 'tiktok', claimId, 'deficient.claimant@example.org');
  await expect(page.getByTestId('claim-status')).toHaveText('Received');
});

test('the status page at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/tiktok/status');
  await screenshot(page, 'phone-status-lookup');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
