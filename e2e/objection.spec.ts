import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, fillIdentity, makePdf, shot, waitForMail } from './helpers/site';

test.describe('Object', () => {
  test('files an objection with a PDF, rejects a file that is not a PDF, and emails the objection ID', async ({ page }) => {
    await page.goto('/tiktok');
    await page.locator('[data-action=object]').click();
    await expect(page).toHaveURL(/\/tiktok\/object$/);
    await expect(page.getByText('You stay in the class.')).toBeVisible();
    await expect(page.getByText(/If you exclude yourself, you cannot object/)).toBeVisible();
    // The hearing date is shown where the person decides whether to appear.
    const hearingHint = page.locator('#willAppear-hint');
    await expect(hearingHint).toContainText(/The hearing is on \w+ \d+, \d{4}/);

    await fillIdentity(page, { first: 'Diego', last: 'Silva', email: 'diego.silva@example.com' });
    await page.getByLabel('Why do you object?').fill('The requested fees take a third of the fund; class members receive too little.');
    await page.getByRole('radio', { name: 'Yes' }).first().check();
    // Counsel details appear only when represented.
    await expect(page.getByLabel("Lawyer's name")).toBeVisible();
    await page.getByLabel("Lawyer's name").fill('Ann Law');
    await page.getByLabel('Law firm').fill('Law & Partners LLP');
    await page.getByLabel("Lawyer's email").fill('ann@lawpartners.example');
    await page.getByRole('radio', { name: /Yes, I \(or my lawyer\) intend to appear/ }).check();
    await page.getByLabel('Signature').fill('Diego Silva');

    // A Word file is refused in the browser; a file that claims to be a PDF but is not is refused by the server.
    await page.getByLabel(/Supporting document/).setInputFiles({ name: 'objection.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004 not a pdf') });
    await page.getByRole('button', { name: 'Submit my objection' }).click();
    await expect(page.locator('#document-error')).toContainText('Attach a PDF file');
    await page.getByLabel(/Supporting document/).setInputFiles({ name: 'objection.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\u0090 this is not a PDF') });
    await page.getByRole('button', { name: 'Submit my objection' }).click();
    await expect(page.locator('#document-error')).toContainText('not a valid PDF');
    await expect(page.getByLabel(/Supporting document/)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Why do you object?')).toHaveValue(/requested fees/);
    await shot(page, 'object-errors-desktop');

    await page.getByLabel(/Supporting document/).setInputFiles({ name: 'my-objection.pdf', mimeType: 'application/pdf', buffer: await makePdf('Objection of Diego Silva') });
    await page.getByRole('button', { name: 'Submit my objection' }).click();
    await expect(page).toHaveURL(/\/tiktok\/object\/done\?id=OB-/);
    const id = (await page.getByTestId('filing-id').textContent())!.trim();
    await expect(page.getByText('You said you intend to appear')).toBeVisible();
    await shot(page, 'object-done-desktop');

    const mail = await waitForMail((m) => !!m.subject?.includes(id));
    expect(mail.subject).toContain('Objection');
    expect(mail.text).toContain('Your PDF attachment was received');
    expect(mail.text).toContain('you remain a class member');
  });

  test('someone who asked to be excluded is told they cannot object, and may file anyway', async ({ page }) => {
    const email = 'both.ways.e2e@example.com';
    await page.goto('/tiktok/exclude');
    await fillIdentity(page, { first: 'Mei', last: 'Cohen', email });
    await page.getByLabel(/I want to be excluded/).check();
    await page.getByLabel('Signature').fill('Mei Cohen');
    await page.getByRole('button', { name: 'Submit my request to be excluded' }).click();
    await expect(page).toHaveURL(/exclude\/done/);

    await page.goto('/tiktok/object');
    await fillIdentity(page, { first: 'Mei', last: 'Cohen', email });
    await page.getByLabel('Why do you object?').fill('The release is broader than the claims in the case.');
    await page.getByRole('radio', { name: 'No' }).first().check();
    await page.getByRole('radio', { name: 'No' }).nth(1).check();
    await page.getByLabel('Signature').fill('Mei Cohen');
    await page.getByRole('button', { name: 'Submit my objection' }).click();
    await expect(page.locator('#acknowledgeExclusion')).toContainText('Excluded class members cannot object');
    await shot(page, 'object-excluded-warning-desktop');
    await page.getByLabel('I understand. File my objection anyway.').check();
    await page.getByRole('button', { name: 'Submit my objection' }).click();
    await expect(page).toHaveURL(/object\/done/);
    await expect(page.getByText(/Our records also show a request for exclusion/)).toBeVisible();
  });

  test('works on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/tiktok/object');
    await expectNoHorizontalScroll(page);
    await shot(page, 'object-phone');
  });
});
