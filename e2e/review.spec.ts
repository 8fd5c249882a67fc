import { expect, test } from '@playwright/test';
import { E2E_REVIEW } from '../lib/demo/review-fixtures';
import { lookUpStatus } from './claim-helpers';
import { signInAs } from './fixtures/auth';
import { expectNoHorizontalScroll, shot } from './helpers/site';

/*
 * Claim review (issue 8, docs/decisions/0020-claim-review.md) against the fixtures planted by
 * lib/demo/review-fixtures.ts: a reviewer works the queue with the keyboard; a payout ring is denied as
 * a cluster once a second reviewer confirms; a claimant answers a reviewer's request for information;
 * another appeals a denial, which puts the claim back in the queue as an appeal.
 */

test('a reviewer works the queue with the keyboard: approve, note, next claim', async ({ page }) => {
  await signInAs(page, 'reviewer', `/admin/tiktok/review?reason=${E2E_REVIEW.fastReason}`);
  await page.goto(`/admin/tiktok/review?reason=${E2E_REVIEW.fastReason}`);
  const rows = page.getByTestId('review-queue').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const first = (await rows.first().locator('a.mono').innerText()).trim();
  const second = (await rows.nth(1).locator('a.mono').innerText()).trim();
  await shot(page, 'review-queue');
  await rows.first().locator('a.mono').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first);
  await expect(page.getByTestId('fraud-evidence')).toContainText('form completed in');

  // ? announces the shortcuts; a moves to Approve and says so; Enter decides.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-announce')).toContainText('a approve');
  await page.keyboard.press('a');
  await expect(page.getByRole('button', { name: 'Approve (a)' })).toBeFocused();
  await expect(page.getByTestId('shortcut-announce')).toContainText('press Enter to approve');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('decided')).toContainText('This claim is approved');

  // Shortcuts do not fire while typing: "j" and "a" land in the note.
  await page.keyboard.press('n');
  await expect(page.getByLabel('Note (n) — staff only')).toBeFocused();
  await page.keyboard.type('just a check');
  await expect(page.getByLabel('Note (n) — staff only')).toHaveValue('just a check');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Note added.')).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('just a check');
  await shot(page, 'review-claim-decided');

  // j opens the claim that moved into the decided claim's place.
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(second);
});

test('a payout ring is denied as a cluster only once a second reviewer confirms', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await signInAs(a, 'reviewer', `/admin/tiktok/review?reason=${E2E_REVIEW.ringReason}`);
  await a.goto(`/admin/tiktok/review?reason=${E2E_REVIEW.ringReason}`);
  const rows = a.getByTestId('review-queue').locator('tbody tr');
  await rows.first().locator('td').nth(3).getByRole('link').click();
  await expect(a).toHaveURL(/cluster=\d+/);
  const status = await a.getByTestId('queue-status').innerText();
  const count = Number(status.match(/of ([\d,]+)/)![1].replace(/,/g, ''));
  expect(count).toBeGreaterThan(25);
  const bulk = a.getByTestId('bulk-form');
  await bulk.getByLabel(/Payout destination shared/).check();
  await bulk.getByLabel('I checked the claims this will decide').check();
  await bulk.getByRole('button', { name: `Decide ${count} claims` }).click();
  await expect(a.getByTestId('bulk-ok')).toContainText('waits for another reviewer');
  await a.reload();
  await expect(a.getByTestId('pending-bulk')).toContainText(`${count} claims`);
  // The reviewer who asked cannot confirm it.
  await a.getByRole('button', { name: 'Confirm denial' }).click();
  await expect(a.getByTestId('pending-bulk').getByRole('alert')).toContainText('A second reviewer');
  await shot(a, 'review-bulk-pending');

  const b = await (await browser.newContext()).newPage();
  await signInAs(b, 'admin', '/admin/tiktok/review');
  await b.goto('/admin/tiktok/review');
  await b.getByTestId('pending-bulk').getByRole('button', { name: 'Confirm denial' }).click();
  // The pending denial leaves the list once done; what became of it stays on the page.
  await expect(b.getByTestId('recent-bulk')).toContainText(`Denied ${count} of ${count} claims of cluster`);
  await expect(b.getByTestId('recent-bulk')).toContainText('confirmed by admin@fairshare.test');
  await expect(b.getByTestId('pending-bulk')).toHaveCount(0);
  await b.goto(`/admin/tiktok/review?reason=${E2E_REVIEW.ringReason}`);
  await expect(b.getByTestId('queue-status')).toHaveText('No claims waiting match these filters.');
  // The automatic rules never deny on SHARED_PAYOUT (not a deny criterion of the demo) and leave the rest to people.
  await b.getByRole('button', { name: 'Apply the automatic rules' }).click();
  await expect(b.getByTestId('rules-ok')).toContainText('left for reviewers');
});

test('a claimant answers a reviewer’s request for information on the status page', async ({ page }) => {
  await lookUpStatus(page, 'tiktok', E2E_REVIEW.cureClaimId, E2E_REVIEW.cureEmail);
  await expect(page.getByTestId('claim-status')).toHaveText('Action needed');
  const form = page.getByTestId('answer-form');
  await expect(form).toContainText('Describe the videos you posted in 2021');
  await form.getByRole('button', { name: 'Send my answer' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await form.getByLabel('Your answer').fill('Dance videos from my account, posted from Chicago in 2021.');
  await form.getByRole('button', { name: 'Send my answer' }).click();
  await expect(page.getByTestId('cure-message')).toContainText('back in review');
  await expect(page.getByTestId('claim-status')).toHaveText('Received');
  await shot(page, 'review-claimant-answered');
});

test('a denied claimant appeals once; the claim returns to the queue as an appeal', async ({ page, browser }) => {
  await lookUpStatus(page, 'tiktok', E2E_REVIEW.appealClaimId, E2E_REVIEW.appealEmail);
  await expect(page.getByTestId('claim-status')).toHaveText('Denied');
  const form = page.getByTestId('appeal-form');
  await form.getByLabel('Why the decision is wrong').fill('I am a class member: I used TikTok in Illinois throughout 2020.');
  await form.getByRole('button', { name: 'Ask for reconsideration' }).click();
  await expect(page.getByTestId('cure-message')).toContainText('reconsideration was received');
  await expect(page.getByTestId('claim-status')).toHaveText('Under review');
  await expect(page.getByTestId('appeal-form')).toHaveCount(0);
  await shot(page, 'review-claimant-appealed');

  const r = await (await browser.newContext()).newPage();
  await signInAs(r, 'reviewer', '/admin/tiktok/review?appeal=1');
  await r.goto('/admin/tiktok/review?appeal=1');
  const row = r.getByTestId('review-queue').locator('tbody tr', { hasText: E2E_REVIEW.appealClaimId });
  await expect(row).toContainText('appeal');
  await row.getByRole('link', { name: E2E_REVIEW.appealClaimId }).click();
  await expect(r.getByTestId('appeal-badge')).toBeVisible();
});

test('the review queue and the claim view work at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'reviewer', '/admin/tiktok/review');
  await page.goto(`/admin/tiktok/review?reason=${E2E_REVIEW.fastReason}`);
  await expectNoHorizontalScroll(page);
  await page.getByTestId('review-queue').locator('tbody tr a.mono').first().click();
  await expect(page.getByTestId('decision-panel')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'review-claim-phone');
});
