import PDFDocument from 'pdfkit';
import type { SettlementConfig } from '@/lib/settlements/config';
import { formatLongDate } from '@/lib/settlements/deadlines';

/**
 * The deficiency letter: what is missing from a claim, by when, and how to fix it. One text (pure)
 * for the e-mail, the reminder and the printable PDF, so the three always say the same thing.
 */

export type LetterInput = {
  kind: 'notice' | 'reminder';
  claimId: string;
  /** The claimant's name and postal address (the PDF only; never logged). */
  name?: string;
  address?: string[];
  items: { message: string; cureBy: string }[];
  statusUrl: string;
};

export function letterText(c: SettlementConfig, l: LetterInput): { subject: string; paragraphs: string[] } {
  const by = l.items.map((i) => i.cureBy).sort()[0];
  const subject =
    l.kind === 'reminder'
      ? `Reminder: your ${c.shortName} claim ${l.claimId} needs information by ${formatLongDate(by)}`
      : `Your ${c.shortName} claim ${l.claimId} needs more information`;
  const paragraphs = [
    l.kind === 'reminder'
      ? `This is a reminder. We still need information from you to process claim ${l.claimId} in ${c.caseName}.`
      : `We reviewed claim ${l.claimId} in ${c.caseName}. Before we can decide it, we need the following from you:`,
    ...l.items.map((i, n) => `${n + 1}. ${i.message} (by ${formatLongDate(i.cureBy)})`),
    `Send it on the claim status page, ${l.statusUrl}, with your claim ID and the e-mail address or ZIP code on your claim. ` +
      `If we do not receive it by ${formatLongDate(by)}, your claim will be denied because the deficiency was not cured.`,
    `Questions: ${c.contact.phone} or ${c.contact.email}.`,
  ];
  return { subject, paragraphs };
}

export function letterMail(c: SettlementConfig, l: LetterInput): { subject: string; text: string } {
  const { subject, paragraphs } = letterText(c, l);
  return { subject, text: `${paragraphs.join('\n\n')}\n\n${c.shortName} Settlement Administrator\n` };
}

export async function letterPdf(c: SettlementConfig, l: LetterInput, today: string): Promise<Buffer> {
  const { subject, paragraphs } = letterText(c, l);
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 60, bottom: 70, left: 66, right: 66 }, info: { Title: subject, Author: `${c.shortName} Administrator` } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Times-Bold').fontSize(12).text(`${c.shortName} Settlement Administrator`);
  doc.font('Times-Roman').fontSize(10).text(`${c.court} · ${c.caseNumber}`).moveDown(1.5);
  doc.fontSize(11).text(formatLongDate(today)).moveDown(1);
  if (l.name) doc.text(l.name);
  for (const line of l.address ?? []) doc.text(line);
  doc.moveDown(1).font('Times-Bold').text(`Re: ${subject}`).moveDown(0.8).font('Times-Roman');
  for (const p of paragraphs) doc.text(p, { lineGap: 2 }).moveDown(0.6);
  doc.end();
  return done;
}
