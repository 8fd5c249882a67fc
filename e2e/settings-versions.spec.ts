import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/auth';

/**
 * Issue 6 §1: once claims are verified, changing a date (or tiers, units) needs a stated reason, and the
 * preview says how many claims the change affects. The demo settlement has verified claims. The test
 * puts the payment date back at the end, so the other specs see the demo as it was.
 */
test('a date change on a settlement with verified claims needs a court order reference, and the preview counts the claims', async ({ page }) => {
  await signInAs(page, 'case_manager', '/admin/tiktok/settings');
  await page.goto('/admin/tiktok/settings');
  const field = page.getByLabel('Payment date');
  const original = await field.inputValue();
  const change = async (to: string, reason: string | null) => {
    await page.getByLabel('Payment date').fill(to);
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const preview = page.getByRole('form', { name: /Review 1 change/ });
    await expect(preview).toContainText('dates.paymentDate');
    await expect(preview.getByTestId('config-impact')).toContainText(/Saving makes version \d+ of this configuration\. This change affects [\d,]+ claims?\./);
    await expect(preview.getByLabel(/Reason for the change \(required: claims are already verified/)).toBeVisible();
    if (reason === null) {
      await preview.getByRole('button', { name: 'Save these changes' }).click();
      await expect(preview.locator('#reason-error')).toContainText(/already verified: changing dates\.paymentDate needs a stated reason/);
      await expect(preview.getByLabel(/Reason for the change/)).toHaveAttribute('aria-invalid', 'true');
      return;
    }
    await preview.getByLabel(/Reason for the change/).fill(reason);
    await preview.getByRole('button', { name: 'Save these changes' }).click();
    await expect(page.getByText('Settings saved')).toBeVisible();
    await expect(page.getByLabel('Payment date')).toHaveValue(to);
  };
  await change('2031-01-15', null);
  await page.goto('/admin/tiktok/settings');
  await change('2031-01-15', 'Order of Jan. 2, 2031, ECF No. 301');
  await change(original, 'Order of Jan. 9, 2031, ECF No. 305 (restores the payment date)');
});
