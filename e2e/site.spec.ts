import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { dataDir, expectNoHorizontalScroll, makePdf, shot } from './helpers/site';

test.describe('settlement website', () => {
  test('home page explains the classes, the plan, the dates and the four actions', async ({ page }) => {
    await page.goto('/tiktok');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('TikTok');
    await expect(page.getByText('A federal court authorized this notice').first()).toBeVisible();
    // Who is included: both tiers with their shares.
    const classes = page.locator('#classes');
    await expect(classes.getByRole('heading', { name: 'Nationwide Class' })).toBeVisible();
    await expect(classes.getByRole('heading', { name: 'Illinois Subclass' })).toBeVisible();
    await expect(classes.getByText('6 shares')).toBeVisible();
    // The plan of allocation in plain words, with deductions and an illustrative estimate.
    const pay = page.locator('#payments');
    await expect(pay).toContainText('An Illinois Subclass member receives six times the payment of a Nationwide Class member.');
    await expect(pay).toContainText("Less attorneys' fees");
    await expect(pay).toContainText('$54,671,400.00');
    await expect(pay.getByRole('heading', { name: /Illustrative estimate/ })).toBeVisible();
    // The estimate states the claim rate and the tier mix it assumes, and the exact floored share value.
    await expect(pay.locator('.estimate')).toContainText('If 1.6% of the 89,000,000 class members (about 1,424,000 people) file valid claims');
    await expect(pay.getByTestId('estimate-mix')).toHaveText('8% of claimants in the Illinois Subclass (6 shares each) and 92% in the Nationwide Class (1 share each)');
    await expect(pay.locator('.estimate')).toContainText('one share would be worth about $27.42');
    await expect(pay.locator('.estimate')).toContainText('Illinois Subclass: about $164.52');
    // It moves with the live claim count (here still below the projection, so the projection stands).
    await expect(pay.getByTestId('estimate-live')).toContainText(/Claims received so far: [1-9][\d,]*/);
    // Key dates: the claim deadline as a legal instant, with time left.
    const dates = page.locator('#dates');
    const claimRow = dates.getByRole('row', { name: /Deadline to file a claim/ });
    await expect(claimRow).toContainText('11:59 p.m. Eastern Time on');
    await expect(dates).toContainText('Deadlines are at 11:59 p.m. Eastern Time.');
    await expect(dates).not.toContainText('America/New');
    await expect(claimRow).toContainText(/\d+ days left/);
    // Four actions.
    for (const name of ['File a claim', 'Check my claim', 'Exclude myself', 'Object']) {
      await expect(page.locator('.site-actions').getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await expect(page.locator('[data-action=claim]')).toHaveAttribute('href', '/tiktok/claim');
    await expect(page.locator('[data-action=status]')).toHaveAttribute('href', '/tiktok/status');
    // Footer: administrator contact and the Court's authorization.
    await expect(page.locator('footer')).toContainText('1-877-555-0148');
    await expect(page.locator('footer')).toContainText('This website is authorized by the Court');
    await shot(page, 'site-home-desktop');
    // Close-ups of the densest parts, at readable size, for review.
    await page.screenshot({ path: 'e2e/screenshots/site-home-top-desktop.png' });
    await pay.screenshot({ path: 'e2e/screenshots/site-payments-desktop.png' });
    await dates.screenshot({ path: 'e2e/screenshots/site-dates-desktop.png' });
    await page.locator('#documents').screenshot({ path: 'e2e/screenshots/site-documents-desktop.png' });
    await page.locator('footer').screenshot({ path: 'e2e/screenshots/site-footer-desktop.png' });
  });

  test('nav links reach the FAQ, dates, documents and contact sections', async ({ page }) => {
    await page.goto('/tiktok');
    const nav = page.getByRole('navigation', { name: 'Settlement website' });
    for (const [name, id] of [['Frequently asked questions', 'faq'], ['Key dates', 'dates'], ['Documents', 'documents'], ['Contact', 'contact']]) {
      await nav.getByRole('link', { name }).click();
      await expect(page).toHaveURL(new RegExp(`#${id}$`));
      await expect(page.locator(`#${id}`)).toBeInViewport();
    }
  });

  test('FAQ answers open and close with the keyboard', async ({ page }) => {
    await page.goto('/tiktok#faq');
    const first = page.locator('#faq details').first();
    const answer = first.locator('div');
    await expect(answer).toBeHidden();
    await first.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(answer).toBeVisible();
    await expect(answer).toContainText('TikTok');
    await page.keyboard.press('Space');
    await expect(answer).toBeHidden();
    // Tab moves on to the next question, which opens too.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.locator('#faq details').nth(1)).toHaveAttribute('open', '');
    await expect(page.locator('#faq details')).toHaveCount(13);
  });

  test('the Long Form Notice downloads as a real PDF generated from the settlement', async ({ page, request }) => {
    await page.goto('/tiktok#documents');
    const link = page.locator('#documents').getByRole('link', { name: 'Long Form Notice' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/tiktok/documents/long-form-notice.pdf');
    const res = await request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const body = await res.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(5000);
    // Documents the administrator has not posted yet are listed without a dead link.
    await expect(page.locator('#documents')).toContainText('Settlement Agreement');
    await expect(page.locator('#documents').getByRole('link', { name: 'Settlement Agreement' })).toHaveCount(0);
    expect((await request.get('/tiktok/documents/settlement-agreement.pdf')).status()).toBe(404);
    // Court-docket copies are external links; the approval order is a file the administrator places.
    await expect(page.locator('#documents').getByRole('link', { name: /Dkt\. 122/ })).toHaveAttribute('href', /^https:\/\//);
    await expect(page.locator('#documents')).toContainText('Preliminary Approval Order');
    await expect(page.locator('#documents').getByRole('link', { name: /Preliminary Approval Order/ })).toHaveCount(0);
  });

  test('a court filing dropped into the documents folder is listed and served', async ({ page, request }) => {
    const dir = path.join(dataDir, 'documents', 'tiktok');
    fs.mkdirSync(dir, { recursive: true });
    const pdf = await makePdf('Settlement Agreement (test copy placed by the e2e test)');
    const file = path.join(dir, 'settlement-agreement.pdf');
    fs.writeFileSync(file, pdf);
    try {
      await page.goto('/tiktok#documents');
      const link = page.locator('#documents').getByRole('link', { name: 'Settlement Agreement' });
      await expect(link).toBeVisible();
      const res = await request.get((await link.getAttribute('href'))!);
      expect(res.status()).toBe(200);
      expect((await res.body()).equals(pdf)).toBe(true);
      // A file that is not listed in the configuration is never served, whatever is in the folder.
      fs.writeFileSync(path.join(dir, 'secret.pdf'), pdf);
      expect((await request.get('/tiktok/documents/secret.pdf')).status()).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown settlement is a 404', async ({ page }) => {
    const res = await page.goto('/no-such-settlement');
    expect(res?.status()).toBe(404);
  });

  test('works on a 375 × 812 phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/tiktok');
    await expectNoHorizontalScroll(page);
    await expect(page.locator('[data-action=claim]')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Settlement website' }).getByRole('link', { name: 'Check my claim' })).toBeVisible();
    await shot(page, 'site-home-phone');
    await page.screenshot({ path: 'e2e/screenshots/site-home-top-phone.png' });
  });
});
