import { expect, test } from '@playwright/test';
import { fillClaim, lookUpStatus, mailsTo, members, screenshot, submitClaim, waitForMail } from './claim-helpers';

test.describe('filing a claim', () => {
  test('a Nationwide claimant files with a username only, by keyboard on the first step, and gets the confirmation e-mail', async ({ page }) => {
    await page.goto('/tiktok/claim');
    // Keyboard only: answer each radio group with Space, Tab to Continue, Enter.
    await page.locator('#f-usResident').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#step-heading')).toHaveText('Your details');
    await expect(page.locator('#step-heading')).toBeFocused();

    const m = members[1];
    await fillClaim(page, { email: 'nationwide.e2e@example.org', username: m.username, shots: 'claim-nationwide' });
    const claimId = await submitClaim(page);
    await expect(page.getByRole('heading', { name: 'Thank you. We received your claim.' })).toBeVisible();
    await expect(page.getByText('Read aloud:')).toContainText(claimId.split('-')[1].split('').join(' '));
    await expect(page.locator('.kv')).toContainText('Received');
    await screenshot(page, 'claim-nationwide-08-confirmation');

    const mail = await waitForMail('nationwide.e2e@example.org');
    expect(mail.subject).toContain(claimId);
    expect(mail.text).toContain('Dear Jordan');
    expect(mail.text).not.toContain('Rivera');
    expect(mail.text).toContain(`/tiktok/status?id=${claimId}`);

    await page.locator('#main').getByRole('link', { name: 'Check my claim' }).click();
    await expect(page.getByLabel('Claim ID')).toHaveValue(claimId);
  });

  test('an Illinois claimant uses the Notice ID prefill and is placed in the Illinois Subclass', async ({ page }) => {
    const m = members[0];
    await page.goto('/tiktok/claim');
    await fillClaim(page, { email: 'illinois.e2e@example.org', state: 'IL', zip: '60601', notice: { noticeId: m.noticeId, confirmationCode: m.confirmationCode }, illinois: true, shots: 'claim-illinois' });
    const claimId = await submitClaim(page);
    await lookUpStatus(page, 'tiktok', claimId, 'illinois.e2e@example.org');
    await expect(page.getByTestId('claim-status')).toHaveText('Received');
    await expect(page.locator('.status-result')).toContainText('Illinois Subclass');
  });

  test('the Notice ID prefill is masked and a wrong code gets a generic answer', async ({ page }) => {
    const m = members[0];
    await page.goto('/tiktok/claim');
    await page.locator('#f-usResident').check();
    await page.locator('#f-usedApp').check();
    await page.locator('#f-filingFor').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Lee');
    await page.getByLabel('E-mail address').fill('sam.lee@example.org');
    await page.getByLabel('State').selectOption('IL');
    await page.getByLabel('ZIP code').fill('60601');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Notice ID').fill(m.noticeId);
    await page.getByLabel('Confirmation code').fill('ZZZZZZ');
    await page.getByRole('button', { name: 'Find my notice' }).click();
    await expect(page.getByText('We could not find a notice with that Notice ID and confirmation code')).toBeVisible();
    await page.getByLabel('Confirmation code').fill(m.confirmationCode);
    await page.getByRole('button', { name: 'Find my notice' }).click();
    const prefill = page.getByTestId('notice-prefill');
    await expect(prefill).toContainText(`${m.firstName!.charAt(0)}.`);
    await expect(prefill).toContainText('•');
    await expect(prefill).not.toContainText(m.email!);
    await expect(prefill).not.toContainText(m.firstName!);
    await expect(prefill).not.toContainText(/illinois/i);
    await screenshot(page, 'claim-notice-prefill');
  });

  test('a double click on Submit files one claim', async ({ page }) => {
    await fillClaim(page, { email: 'double.click@example.org', username: members[3].username });
    await page.getByRole('button', { name: 'Submit claim' }).dblclick();
    await expect(page).toHaveURL(/\/claim\/confirmation\/CL-/);
    const claimId = (await page.locator('.claim-id').textContent())!.trim();
    await waitForMail('double.click@example.org');
    // Give a second claim's e-mail time to arrive if there were one.
    await page.waitForTimeout(1500);
    const mails = await mailsTo('double.click@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain(claimId);
  });

  test('every invalid field shows its own error, tied to the field, with a summary that links to it', async ({ page }) => {
    await page.goto('/tiktok/claim');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveCount(3);
    for (const f of ['usResident', 'usedApp', 'filingFor']) await expect(page.locator(`#f-${f}-error`)).toBeVisible();
    await screenshot(page, 'claim-errors-eligibility');
    await page.locator('#f-usResident').check();
    await page.locator('#f-usedApp').check();
    await page.locator('#f-filingFor-minor').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByLabel('First name').fill('<b>Eve</b>');
    await page.getByLabel('Last name').fill('=HYPERLINK("http://evil.example","x")');
    await page.getByLabel('E-mail address').fill('not-an-email');
    await page.getByLabel('Phone number').fill('12');
    await page.getByLabel('Street address').fill('1 Main St 🏠');
    await page.getByLabel('City').fill('Chicаgo'); // Cyrillic а: a homoglyph
    await page.getByLabel('ZIP code').fill('ABCDE');
    await page.getByRole('button', { name: 'Continue' }).click();
    const fields = ['guardianName', 'firstName', 'lastName', 'email', 'phone', 'street', 'city', 'state', 'zip'];
    await expect(summary.getByRole('link')).toHaveCount(fields.length);
    for (const f of fields) {
      const input = page.locator(`#f-${f}`);
      await expect(input).toHaveAttribute('aria-invalid', 'true');
      await expect(input).toHaveAttribute('aria-describedby', new RegExp(`f-${f}-error`));
      await expect(page.locator(`#f-${f}-error`)).not.toBeEmpty();
    }
    await expect(page.locator('#f-lastName-error')).toHaveText(/must not start with =, \+, - or @/);
    await expect(page.locator('#f-city-error')).toHaveText(/different alphabets/);
    await screenshot(page, 'claim-errors-identity');
    // A summary link moves focus to its field.
    await summary.getByRole('link', { name: /ZIP code/ }).click();
    await expect(page.locator('#f-zip')).toBeFocused();

    await page.getByLabel('Parent or guardian’s full name').fill('Pat Doe');
    await page.getByLabel('Child’s first name').fill('Eve');
    await page.getByLabel('Child’s last name').fill('Doe');
    await page.getByLabel('E-mail address').fill('eve.doe@example.org');
    await page.getByLabel('Phone number').fill('');
    await page.getByLabel('Street address').fill('');
    await page.getByLabel('City').fill('');
    await page.getByLabel('State').selectOption('NY');
    await page.getByLabel('ZIP code').fill('10001');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('#f-usernames-0').fill('ev il');
    await page.getByLabel('Notice ID').fill('N-1234');
    await page.getByRole('button', { name: 'Continue' }).click();
    for (const f of ['usernames-0', 'noticeId', 'confirmationCode']) await expect(page.locator(`#f-${f}`)).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'claim-errors-identifiers');
    await page.locator('#f-usernames-0').fill('evedoe');
    await page.getByLabel('Notice ID').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#f-paymentMethod-error')).toContainText('Choose how you want to be paid');
    await page.getByLabel('Paper check').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(summary).toContainText('Enter the street address (a check is mailed to it)');
    await screenshot(page, 'claim-errors-payment-check-address');
    // The summary link goes back to the details step and focuses the street field.
    await summary.getByRole('link', { name: /street address/ }).click();
    await expect(page.locator('#f-street')).toBeFocused();
    await page.locator('#f-street').fill('12 Elm St');
    await page.locator('#f-city').fill('New York');
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#step-heading')).toHaveText('Sign and submit');
    await page.getByRole('button', { name: 'Submit claim' }).click();
    for (const f of ['declaration', 'signature']) await expect(page.locator(`#f-${f}`)).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'claim-errors-sign');
  });

  test('after the deadline the form says so and still accepts a claim, marked late', async ({ page }) => {
    await page.goto('/tiktok-closed/claim');
    await expect(page.getByRole('heading', { name: 'The claim deadline has passed' })).toBeVisible();
    await expect(page.locator('.deadline-passed')).toContainText('may not be paid');
    await screenshot(page, 'claim-closed-form');
    await fillClaim(page, { slug: 'tiktok-closed', email: 'late.claimant@example.org', username: members[1].username });
    await expect(page.getByText('This claim is late.')).toBeVisible();
    await submitClaim(page);
    await expect(page.getByText('Your claim is late.')).toBeVisible();
    await screenshot(page, 'claim-closed-confirmation');
  });

  test('an unknown settlement is a 404', async ({ page }) => {
    const res = await page.goto('/no-such-settlement/claim');
    expect(res?.status()).toBe(404);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the whole form fits a 375 px screen and files a claim', async ({ page }) => {
    await fillClaim(page, { email: 'phone.claimant@example.org', username: members[4].username, shots: 'phone-claim' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await submitClaim(page);
    await screenshot(page, 'phone-claim-08-confirmation');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
