import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { encode } from 'next-auth/jwt';
import { generateSync } from 'otplib';
import { DEMO_STAFF_PASSWORD, demoAccount, fillSignIn, freshCode, signInAs } from './fixtures/auth';

const shot = (name: string) => ({ path: `e2e/screenshots/${name}.png`, fullPage: true });
fs.mkdirSync('e2e/screenshots', { recursive: true });

test('sign-in with password and TOTP code, then sign out', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/admin\/sign-in\?next=%2Fadmin%2Fusers/);
  await page.screenshot(shot('sign-in'));
  const a = demoAccount('admin');
  // Client-side validation names the field.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await fillSignIn(page, a.email, DEMO_STAFF_PASSWORD, await freshCode(a.email, a.totpSecret));
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(page.getByText('Ada Admin').first()).toBeVisible();
  await page.screenshot(shot('users'));
  const kept = await page.context().cookies();
  const exclusions = '/api/admin/tiktok/reports/exclusions?format=csv';
  expect((await page.request.get(exclusions)).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  // The session ended on the server: the cookie from before sign-out no longer downloads the exclusion list.
  const replay = await page.context().browser()!.newContext();
  await replay.addCookies(kept);
  expect((await replay.request.get(exclusions, { maxRedirects: 0 })).status()).toBe(401);
  await replay.close();
});

test('a wrong code gets the generic error; an invited user enrols, and repeated failures slow them down but never lock them out', async ({ page, browser }) => {
  const a = demoAccount('admin');
  await page.goto('/admin/sign-in');
  await fillSignIn(page, a.email, DEMO_STAFF_PASSWORD, '000000');
  await expect(page.locator('.alert[role=alert]')).toContainText('The email, password or authenticator code is not right');

  // Invite a new reviewer through the users page.
  await signInAs(page, 'admin', '/admin/users');
  await page.getByLabel('Name', { exact: true }).fill('Lee Lockout');
  await page.getByLabel('Email', { exact: true }).fill('lee@fairshare.test');
  await page.getByLabel('Role', { exact: true }).selectOption('reviewer');
  await page.getByLabel('All settlements, including future ones').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText('Invitation emailed to lee@fairshare.test');
  const link = (await page.locator('code.break').textContent())!;

  // Accept it in a separate browser (not signed in).
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await expect(p2.getByRole('heading', { name: 'Welcome, Lee Lockout' })).toBeVisible();
  await expect(p2.getByRole('img', { name: /QR code/ })).toBeVisible();
  await p2.screenshot(shot('accept-invite'));
  const secret = (await p2.getByTestId('totp-secret').textContent())!.trim();
  await p2.getByLabel('Password', { exact: true }).fill('short');
  await p2.getByLabel('Password again').fill('short');
  await p2.getByLabel('Code shown by the app').fill(generateSync({ secret }));
  await p2.getByRole('button', { name: 'Create my account' }).click();
  await expect(p2.getByText('Use at least 12 characters')).toBeVisible();
  await p2.getByLabel('Password', { exact: true }).fill('lee has a long passphrase');
  await p2.getByLabel('Password again').fill('lee has a long passphrase');
  const enrolStep = Math.floor(Date.now() / 30_000);
  await p2.getByLabel('Code shown by the app').fill(generateSync({ secret, epoch: enrolStep * 30 }));
  await p2.getByRole('button', { name: 'Create my account' }).click();
  await expect(p2).toHaveURL(/\/admin\/sign-in\?accepted=1/);

  // Six wrong passwords: each the generic answer, exactly as for an account that does not exist (no
  // "locked" an attacker could use to learn which accounts exist, or to keep someone out).
  for (let i = 0; i < 6; i++) {
    await fillSignIn(p2, 'lee@fairshare.test', 'not the password at all', '123456');
    await expect(p2.locator('.alert[role=alert]')).toContainText('is not right');
  }
  await fillSignIn(p2, 'nobody-at-all@fairshare.test', 'not the password at all', '123456');
  await expect(p2.locator('.alert[role=alert]')).toContainText('is not right');
  await expect(p2.locator('.alert[role=alert]')).not.toContainText('locked');
  // The right credentials still work (after a short progressive delay).
  await fillSignIn(p2, 'lee@fairshare.test', 'lee has a long passphrase', generateSync({ secret, epoch: (enrolStep + 1) * 30 }));
  await p2.waitForURL((url) => !url.pathname.startsWith('/admin/sign-in'), { timeout: 30_000 });
  await p2.screenshot(shot('sign-in-after-failures'));
  await other.close();

  // Every failure of the real account is in the audit log.
  await page.goto('/admin/tiktok/audit?scope=all&action=auth.sign_in_failed');
  await expect(page.getByRole('cell', { name: 'auth.sign_in_failed' }).first()).toBeVisible();
  await expect(page.getByTestId('chain-status')).toContainText('Hash chain verified');
  await page.screenshot(shot('audit'));
});

test('an idle session (30 minutes without a request) is refused and sent to sign-in', async ({ page, context, baseURL }) => {
  await signInAs(page, 'auditor', '/admin/tiktok/audit');
  const cookie = (await context.cookies()).find((c) => c.name === 'next-auth.session-token')!;
  const { decode } = await import('next-auth/jwt');
  const secret = process.env.NEXTAUTH_SECRET ?? 'fairshare-e2e-7d1f0c93a8b54e6f9a2c7b1d3e5f80a4';
  const token = (await decode({ token: cookie.value, secret }))!;
  const now = Date.now();
  // The same signed token, with the last activity moved 31 minutes back.
  const idle = await encode({ token: { ...token, lastActivity: now - 31 * 60_000 }, secret });
  await context.addCookies([{ name: 'next-auth.session-token', value: idle, url: baseURL! }]);
  await page.goto('/admin/tiktok/audit');
  await expect(page).toHaveURL(/\/admin\/sign-in\?.*reason=idle/);
  await expect(page.getByText('signed out after 30 minutes without activity')).toBeVisible();
  const api = await page.request.get('/api/admin/tiktok/audit/verify');
  expect(api.status()).toBe(401);
});

test('a reviewer cannot open settings; an auditor can read them but change nothing', async ({ page, browser }) => {
  await signInAs(page, 'reviewer', '/admin/tiktok/settings');
  const res = await page.goto('/admin/tiktok/settings');
  expect(res!.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await signInAs(p, 'auditor', '/admin/tiktok/settings');
  await p.goto('/admin/tiktok/settings');
  await expect(p.getByText('Read-only')).toBeVisible();
  await expect(p.getByLabel('Claim deadline')).toBeDisabled();
  await expect(p.getByRole('button', { name: 'Preview changes' })).toHaveCount(0);
  await p.screenshot(shot('settings-auditor'));
  await ctx.close();
});

test('a case manager previews a field-by-field diff, saves, and the change is audited', async ({ page, browser }) => {
  // On the e2e fixture settlement: the demo settlement's figures and phone are what the site spec reads.
  await signInAs(page, 'case_manager', '/admin/tiktok-closed/settings');
  await page.goto('/admin/tiktok-closed/settings');
  await page.getByLabel('Litigation expenses').fill('not money');
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.locator('#deductions\\.expenses-error')).toContainText('Enter an amount in dollars');
  await expect(page.getByLabel('Litigation expenses')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Litigation expenses').fill('1,600,000.00');
  await page.getByLabel('Phone').fill('1-877-555-0199');
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const preview = page.getByRole('form', { name: /Review 2 changes/ });
  await expect(preview).toContainText('deductions.expenses');
  await expect(preview).toContainText('160000000');
  await expect(preview).toContainText('contact.phone');
  await page.screenshot(shot('settings-preview'));
  await preview.getByRole('button', { name: 'Save these changes' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect(page.getByLabel('Phone')).toHaveValue('1-877-555-0199');
  await page.setViewportSize({ width: 820, height: 1100 });
  await page.screenshot(shot('settings-tablet'));

  // The auditor (court / counsel) sees who changed the settlement configuration.
  const ctx = await browser.newContext();
  const auditor = await ctx.newPage();
  await signInAs(auditor, 'auditor', '/admin/tiktok-closed/audit?action=settlement.update');
  await auditor.goto('/admin/tiktok-closed/audit?action=settlement.update');
  await expect(auditor.getByRole('table')).toContainText('settlement.update');
  await expect(auditor.getByRole('table')).toContainText('case-manager@fairshare.test');
  await ctx.close();
});

test('the admin shell works on a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page, 'admin', '/admin/users');
  await page.goto('/admin/users');
  await expect(page.getByRole('navigation', { name: 'Console' })).toBeVisible();
  await page.screenshot(shot('users-phone'));
  await page.goto('/admin/settlements/new');
  await page.screenshot(shot('new-settlement'));
});
