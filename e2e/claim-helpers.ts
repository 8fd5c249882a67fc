import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { demoClassList } from '../lib/demo/service';

/** The e2e server creates the demo with the default class size (2000): the same records as here. */
export const members = demoClassList(2000);
export const port = Number(process.env.E2E_PORT ?? 3100);
const mailDir = path.join(process.cwd(), `.data-e2e-${port}`, 'mail');

let shot = 0;
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
  shot++;
}

/** Every confirmation e-mail the SMTP catcher received for an address. */
export async function mailsTo(address: string): Promise<ParsedMail[]> {
  const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')) : [];
  const parsed = await Promise.all(files.map(async (f) => simpleParser(fs.readFileSync(path.join(mailDir, f)))));
  return parsed.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address)));
}

export async function waitForMail(address: string): Promise<ParsedMail> {
  await expect.poll(async () => (await mailsTo(address)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return (await mailsTo(address))[0];
}

export type ClaimantOptions = {
  slug?: string;
  firstName?: string;
  lastName?: string;
  email: string;
  zip?: string;
  state?: string;
  username?: string;
  notice?: { noticeId: string; confirmationCode: string };
  illinois?: boolean;
  shots?: string;
};

const next = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();

/** Fills every step of the claim form (screenshots named `${shots}-NN-step` when asked). Stops before Submit. */
export async function fillClaim(page: Page, o: ClaimantOptions) {
  const snap = async (n: string) => (o.shots ? screenshot(page, `${o.shots}-${n}`) : undefined);
  await page.goto(`/${o.slug ?? 'tiktok'}/claim`);
  await expect(page.getByRole('heading', { level: 1, name: 'File a claim' })).toBeVisible();
  await snap('01-eligibility');
  await page.locator('#f-usResident').check();
  await page.locator('#f-usedApp').check();
  await page.locator('#f-filingFor').check();
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('Your details');
  await page.getByLabel('First name').fill(o.firstName ?? 'Jordan');
  await page.getByLabel('Last name').fill(o.lastName ?? 'Rivera');
  await page.getByLabel('E-mail address').fill(o.email);
  await page.getByLabel('State').selectOption(o.state ?? 'TX');
  await page.getByLabel('ZIP code').fill(o.zip ?? '78701');
  await snap('02-identity');
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('Your account');
  if (o.notice) {
    await page.getByLabel('Notice ID').fill(o.notice.noticeId);
    await page.getByLabel('Confirmation code').fill(o.notice.confirmationCode);
    await page.getByRole('button', { name: 'Find my notice' }).click();
    await expect(page.getByTestId('notice-prefill')).toBeVisible();
  }
  if (o.username) await page.locator('#f-usernames-0').fill(o.username);
  await snap('03-identifiers');
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('Additional statements');
  if (o.illinois) await page.locator('#f-attestations').check();
  await snap('04-attestation');
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('How you want to be paid');
  await page.getByLabel('PayPal').check();
  await page.getByLabel('E-mail address of your PayPal account').fill(o.email);
  await snap('05-payment');
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('Check your answers');
  await snap('06-review');
  await next(page);

  await expect(page.locator('#step-heading')).toHaveText('Sign and submit');
  await page.getByLabel('I agree to the declaration above.').check();
  await page.getByLabel('Signature: type your full name').fill(`${o.firstName ?? 'Jordan'} ${o.lastName ?? 'Rivera'}`);
  await snap('07-sign');
}

/** Submits the filled form and returns the claim ID from the confirmation page. */
export async function submitClaim(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Submit claim' }).click();
  await expect(page).toHaveURL(/\/claim\/confirmation\/CL-/);
  const id = (await page.locator('.claim-id').textContent())!.trim();
  expect(id).toMatch(/^CL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  return id;
}

export async function lookUpStatus(page: Page, slug: string, claimId: string, secret: string) {
  await page.goto(`/${slug}/status`);
  await page.getByLabel('Claim ID').fill(claimId);
  await page.getByLabel('E-mail address or ZIP code').fill(secret);
  await page.getByRole('button', { name: 'Check my claim' }).click();
}
