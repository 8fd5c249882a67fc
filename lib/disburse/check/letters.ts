import PDFDocument from 'pdfkit';
import { formatCents } from '@/lib/money';

/**
 * Printable check letters: one page per check, the letter above and the check stub below (check number,
 * date, payee, amount in figures and words, "void after" date, memo). The bank prints the MICR line on
 * its own check stock, so this is the letter-and-stub document a print vendor merges. Deterministic for
 * the same input (fixed creation date), so a resumed disbursement writes the same bytes.
 */

export type CheckLetter = {
  checkNumber: number;
  claimId: string;
  payee: string;
  address: string[];
  amountCents: number;
  issueDate: string;
  staleDate: string;
};

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function words999(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const parts: string[] = [];
  if (h) parts.push(`${ONES[h]} hundred`);
  if (r >= 20) parts.push(TENS[Math.floor(r / 10)] + (r % 10 ? `-${ONES[r % 10]}` : ''));
  else if (r) parts.push(ONES[r]);
  return parts.join(' ');
}

/** "One thousand two hundred thirty-four and 56/100 dollars": the legal amount line of a check. */
export function amountInWords(cents: number): string {
  let dollars = Math.floor(cents / 100);
  const c = cents % 100;
  if (dollars === 0) return `Zero and ${String(c).padStart(2, '0')}/100 dollars`;
  const scales = ['', ' thousand', ' million', ' billion'];
  const groups: string[] = [];
  for (let i = 0; dollars > 0; i++, dollars = Math.floor(dollars / 1000)) {
    const g = dollars % 1000;
    if (g) groups.unshift(words999(g) + scales[i]);
  }
  const text = groups.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)} and ${String(c).padStart(2, '0')}/100 dollars`;
}

export async function renderCheckLetters(letters: CheckLetter[], opts: { payerName: string; memo: string; caseName: string; createdAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 54, bottom: 54, left: 60, right: 60 }, autoFirstPage: false, info: { Title: `Settlement checks — ${opts.caseName}`, CreationDate: opts.createdAt, ModDate: opts.createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const l of letters) {
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12).text(opts.payerName);
    doc.font('Helvetica').fontSize(10).text(opts.caseName).moveDown(2);
    doc.text(l.payee);
    for (const a of l.address) doc.text(a);
    doc.moveDown(2).fontSize(11);
    doc.text(`Claim ${l.claimId}`).moveDown(0.5);
    doc.text(`Enclosed is your payment of ${formatCents(l.amountCents)} from the ${opts.caseName} settlement. Please cash or deposit it before ${l.staleDate}; after that date the check is void and its amount is distributed as the settlement provides.`);
    // The stub, on the lower third of the page (perforated stock).
    const top = doc.page.height - 250;
    doc.moveTo(60, top - 12).lineTo(doc.page.width - 60, top - 12).dash(4, { space: 4 }).stroke().undash();
    doc.font('Helvetica-Bold').fontSize(11).text(opts.payerName, 60, top);
    doc.font('Helvetica').fontSize(10).text(`Check No. ${l.checkNumber}`, 380, top, { width: 170, align: 'right' });
    doc.text(`Date ${l.issueDate}`, 380, top + 16, { width: 170, align: 'right' });
    doc.text(`Pay to the order of: ${l.payee}`, 60, top + 44);
    doc.font('Helvetica-Bold').text(formatCents(l.amountCents), 380, top + 44, { width: 170, align: 'right' });
    doc.font('Helvetica').text(amountInWords(l.amountCents), 60, top + 66);
    doc.text(`Memo: ${opts.memo} — claim ${l.claimId}`, 60, top + 92);
    doc.font('Helvetica-Bold').text(`VOID AFTER ${l.staleDate}`, 60, top + 116);
  }
  doc.end();
  return done;
}
