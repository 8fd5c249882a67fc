import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import PDFDocument from 'pdfkit';

export const port = Number(process.env.E2E_PORT ?? 3100);
export const dataDir = path.join(process.cwd(), `.data-e2e-${port}`);
export const mailDir = path.join(dataDir, 'mail');

/** Waits until the SMTP catcher has written a message matching `match`, and returns it parsed. */
export async function waitForMail(match: (m: ParsedMail) => boolean, timeoutMs = 15_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      const m = await simpleParser(fs.readFileSync(path.join(mailDir, f)));
      if (match(m)) return m;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no matching email arrived');
}

export function makePdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** Nothing may scroll sideways on a 375 px phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

export async function fillIdentity(page: Page, p: { first: string; last: string; email: string }) {
  await page.getByLabel('First name').fill(p.first);
  await page.getByLabel('Last name').fill(p.last);
  await page.getByLabel('Street address').fill('12 Lake St');
  await page.getByLabel('City').fill('Chicago');
  await page.getByLabel('State').fill('IL');
  await page.getByLabel('ZIP code').fill('60601');
  await page.getByLabel('Email address').fill(p.email);
}
