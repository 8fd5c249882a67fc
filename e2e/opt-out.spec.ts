import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, fillIdentity, shot, waitForMail } from './helpers/site';

test.describe('Exclude myself', () => {
  test('explains the consequences, shows field errors, files the request and emails the request ID', async ({ page }) => {
    await page.goto('/tiktok');
    await page.locator('[data-action=exclude]').click();
    await expect(page).toHaveURL(/\/tiktok\/exclude$/);
    await expect(page.getByRole('heading', { name: 'What excluding yourself means' })).toBeVisible();
    await expect(page.getByText('You will get no payment')).toBeVisible();
    await expect(page.getByText('You keep your right to sue')).toBeVisible();
    await expect(page.getByText(/mass opt-outs/)).toBeVisible();
    await shot(page, 'exclude-desktop');

    // Submitting an empty form: a focused summary, and each field says what is wrong.
    await page.getByRole('button', { name: 'Submit my request to be excluded' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'problems with your form' });
    await expect(summary).toBeFocused();
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#email-error')).toHaveText('Enter your email address');
    await expect(page.locator('#statement-error')).toContainText('I want to be excluded from the settlement class.');
    await shot(page, 'exclude-errors-desktop');

    await fillIdentity(page, { first: 'Priya', last: 'Okafor', email: 'priya.okafor@example.com' });
    await page.getByLabel(/I want to be excluded from the settlement class/).check();
    // Someone else's name as signature is refused: each person signs their own request.
    await page.getByLabel('Signature').fill('Mass Opt-Out Services');
    await page.getByRole('button', { name: 'Submit my request to be excluded' }).click();
    await expect(page.locator('#signature-error')).toContainText('Each class member must sign their own request');

    await page.getByLabel('Signature').fill('Priya Okafor');
    await page.getByRole('button', { name: 'Submit my request to be excluded' }).click();
    await expect(page).toHaveURL(/\/tiktok\/exclude\/done\?id=EX-/);
    const id = (await page.getByTestId('filing-id').textContent())!.trim();
    expect(id).toMatch(/^EX-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    await expect(page.getByText('You will not receive a payment from this settlement')).toBeVisible();
    await shot(page, 'exclude-done-desktop');

    const mail = await waitForMail((m) => !!m.subject?.includes(id));
    expect(mail.subject).toContain('Request for exclusion');
    expect(mail.text).toContain('Dear Priya Okafor');
    expect(mail.text).toContain('you keep any right you have to sue');
  });

  test('a server-side error keeps what was typed (invalid Notice ID check character)', async ({ page }) => {
    await page.goto('/tiktok/exclude');
    await fillIdentity(page, { first: 'Owen', last: 'Kim', email: 'owen.kim@example.com' });
    await page.getByLabel('Notice ID').fill('N-0000-0000-1');
    await page.getByLabel(/I want to be excluded/).check();
    await page.getByLabel('Signature').fill('Owen Kim');
    await page.getByRole('button', { name: 'Submit my request to be excluded' }).click();
    await expect(page.locator('#noticeId-error')).toContainText('not valid');
    await expect(page.getByLabel('Last name')).toHaveValue('Kim');
    await expect(page.getByLabel('Email address')).toHaveValue('owen.kim@example.com');
  });

  test('works on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/tiktok/exclude');
    await expectNoHorizontalScroll(page);
    await shot(page, 'exclude-phone');
  });
});
