import PDFDocument from 'pdfkit';
import type { SettlementConfig } from './config';
import { formatLongDate } from './deadlines';
import { percentText, projectedEstimate, tierMixText } from './estimate';
import {
  allocationParagraphs,
  deadlineText,
  formatCents,
  formatDollars,
  fundBreakdown,
  standardQuestions,
  tierUnitsText,
  withArticle,
} from './notice-text';

/**
 * The Long Form Notice as a PDF, built from the settlement configuration with the same sentences the
 * website shows. Follows the shape of the FJC's model notices: caption, "a federal court authorized
 * this notice", a rights-and-options table, then numbered questions and answers.
 */

const INK = '#1b2430';
const NAVY = '#152a46';
const SOFT = '#4a5565';

export async function renderLongFormNotice(config: SettlementConfig, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    compress: opts.compress ?? true,
    margins: { top: 60, bottom: 70, left: 66, right: 66 },
    bufferPages: true,
    info: { Title: `Long Form Notice — ${config.shortName}`, Subject: config.caseName, Author: `${config.shortName} Administrator` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const tz = config.dates.timeZone;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.moveDown(0.8).font('Times-Bold').fontSize(13).fillColor(NAVY).text(text).moveDown(0.3);
    doc.font('Times-Roman').fontSize(11).fillColor(INK);
  };
  const para = (text: string) => doc.font('Times-Roman').fontSize(11).fillColor(INK).text(text, { align: 'left', lineGap: 2 }).moveDown(0.5);

  // Caption
  doc.font('Times-Bold').fontSize(11).fillColor(INK).text(config.court.toUpperCase(), { align: 'center' });
  doc.moveDown(0.6).font('Times-Roman').text(config.caseName, { align: 'center' });
  doc.text(config.caseNumber, { align: 'center' });
  doc.moveDown(1).font('Times-Bold').fontSize(16).fillColor(NAVY).text('NOTICE OF PROPOSED CLASS ACTION SETTLEMENT', { align: 'center' });
  doc.moveDown(0.3).font('Times-Italic').fontSize(11).fillColor(SOFT).text('A federal court authorized this notice. This is not a solicitation from a lawyer.', { align: 'center' });

  doc.moveDown(1);
  const boxTop = doc.y;
  doc.font('Times-Bold').fontSize(12).fillColor(INK).text(
    `If you used ${config.platform} as described below, you may be eligible for a payment from a ${formatDollars(config.grossFundCents)} class action settlement.`,
    doc.page.margins.left + 12, boxTop + 10, { width: width - 24 },
  );
  doc.moveDown(0.4).font('Times-Roman').fontSize(11).text(config.summary, { width: width - 24 });
  const boxBottom = doc.y + 10;
  doc.rect(doc.page.margins.left, boxTop, width, boxBottom - boxTop).lineWidth(1.5).strokeColor(NAVY).stroke();
  doc.x = doc.page.margins.left;
  doc.y = boxBottom + 6;

  heading('Your legal rights and options in this settlement');
  const options: [string, string][] = [
    ['FILE A CLAIM', `The only way to get a payment. Deadline: ${deadlineText(config.dates.claimDeadline, tz)}.`],
    ['EXCLUDE YOURSELF', `Get no payment. Keep your right to sue the defendants yourself about the same claims. Deadline: ${deadlineText(config.dates.optOutDeadline, tz)}.`],
    ['OBJECT', `Tell the Court what you do not like about the settlement. You must stay in the class. Deadline: ${deadlineText(config.dates.objectionDeadline, tz)}.`],
    ['GO TO THE HEARING', `Ask to speak in Court about the fairness of the settlement, on ${formatLongDate(config.dates.finalApprovalHearing)}.`],
    ['DO NOTHING', 'Get no payment. Give up your right to sue the defendants about the claims in this case.'],
  ];
  for (const [label, text] of options) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor(NAVY).text(label, doc.page.margins.left, y, { width: 130 });
    const afterLabel = doc.y;
    doc.font('Times-Roman').fontSize(11).fillColor(INK).text(text, doc.page.margins.left + 140, y, { width: width - 140 });
    doc.y = Math.max(doc.y, afterLabel) + 6;
    doc.moveTo(doc.page.margins.left, doc.y - 3).lineTo(doc.page.margins.left + width, doc.y - 3).lineWidth(0.5).strokeColor('#c5ccd6').stroke();
  }
  doc.x = doc.page.margins.left;
  para('The Court in charge of this case still has to decide whether to approve the settlement. Payments will be made only if the Court approves the settlement and after any appeals are resolved. Please be patient.');

  heading('Key dates');
  const dates: [string, string][] = [
    ['Deadline to exclude yourself', deadlineText(config.dates.optOutDeadline, tz)],
    ['Deadline to object', deadlineText(config.dates.objectionDeadline, tz)],
    ['Deadline to file a claim', deadlineText(config.dates.claimDeadline, tz)],
    ['Final Approval Hearing', formatLongDate(config.dates.finalApprovalHearing)],
  ];
  for (const [k, v] of dates) {
    const y = doc.y;
    doc.font('Times-Bold').text(k, doc.page.margins.left, y, { width: 200 });
    doc.font('Times-Roman').text(v, doc.page.margins.left + 210, y, { width: width - 210 });
    doc.moveDown(0.3);
  }
  doc.x = doc.page.margins.left;

  heading('Who is included');
  for (const t of config.tiers) para(`${t.name} (${tierUnitsText(t)}). ${t.description}`);

  heading('How payments are calculated (plan of allocation)');
  for (const p of allocationParagraphs(config)) para(p);
  const { gross, deductions, net } = fundBreakdown(config);
  para(
    [`Settlement fund: ${formatCents(gross)}`, ...deductions.map((d) => `Less ${d.label.toLowerCase()} (as requested; subject to Court approval): ${formatCents(d.cents)}`), `Net settlement fund (estimated): ${formatCents(net)}`].join('\n'),
  );
  const est = projectedEstimate(config);
  if (est)
    para(
      `Illustration only: if ${percentText(est.claimRate!)} of class members (about ${est.claimants.toLocaleString('en-US')} people) file valid claims, assuming ${tierMixText(est)}, one share would be worth about ${formatCents(est.perShareCents)}: ` +
        est.perTier.map((t) => `${formatCents(t.cents!)} for ${withArticle(t.name)} member`).join(', ') +
        '. The actual amounts depend on the number of valid claims and on the amounts the Court approves, and may be higher or lower.',
    );

  heading('Questions and answers');
  const questions = [...config.faq, ...standardQuestions(config)];
  questions.forEach((q, i) => {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.font('Times-Bold').fontSize(11).fillColor(NAVY).text(`${i + 1}. ${q.q}`).moveDown(0.2);
    para(q.a);
  });

  heading('Contact the Settlement Administrator');
  para(`Phone: ${config.contact.phone}\nEmail: ${config.contact.email}\nMail: ${config.contact.mail}`);
  para('Please do not contact the Court or the Clerk of the Court about this settlement.');

  // Running footer with page numbers on every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8.5).fillColor(SOFT).text(
      `Questions? Call ${config.contact.phone} or visit the settlement website.   Page ${i + 1} of ${range.count}`,
      doc.page.margins.left, doc.page.height - 45, { width, align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
