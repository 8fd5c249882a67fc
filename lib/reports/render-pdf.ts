import PDFDocument from 'pdfkit';
import type { Counter } from './types';
import type { Cell, Column, Figure, Report, Section } from './types';

/**
 * A report as a court filing: caption (court, case name, case number), title, numbered paragraphs,
 * tables whose header row repeats on every page, the declaration under penalty of perjury with the date
 * and signature block, and "Page X of Y" on every page.
 *
 * pdfkit keeps the pages in memory to number them (bufferPages), which is fine for declarations and
 * exhibits (thousands of rows); the claims register, which can be millions of rows, has no PDF form.
 * The standard Times fonts cover Latin-1 (WinAnsi); other scripts in names print as substitutes.
 */

const PAGE = { width: 612, height: 792 };
const MARGIN = { top: 72, bottom: 72, left: 72, right: 72 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const RULE = '#444444';

type Doc = PDFKit.PDFDocument;

export async function* renderPdf(report: Report, counter: Counter = { rows: 0 }): AsyncGenerator<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: MARGIN,
    bufferPages: true,
    info: { Title: report.title, Author: report.declarant.administrator, Subject: report.caption.caseName, Creator: 'fairshare' },
  });
  // Render concurrently with reading: the document is a stream, drained by the loop below.
  const done = draw(doc, report, counter).then(
    () => doc.end(),
    (e) => doc.destroy(e as Error),
  );
  for await (const chunk of doc as AsyncIterable<Buffer>) yield chunk;
  await done;
}

async function draw(doc: Doc, report: Report, counter: Counter): Promise<void> {
  drawCaption(doc, report);
  let n = 0;
  const para = (text: string) => {
    n += 1;
    ensureSpace(doc, 40);
    const y = doc.y;
    doc.font('Times-Roman').fontSize(12).text(`${n}.`, MARGIN.left, y, { width: 30 });
    doc.text(text, MARGIN.left + 36, y, { width: WIDTH - 36, align: 'justify', lineGap: 4 });
    doc.moveDown(0.6);
  };
  for (const section of report.sections) drawSection(doc, section, para);

  if (report.tableTitle) {
    ensureSpace(doc, 80);
    heading(doc, report.tableTitle);
    await drawTable(doc, report.columns, report.pages(), counter);
  } else {
    for await (const page of report.pages()) counter.rows += page.length;
  }

  drawSignature(doc, report);
  numberPages(doc, report);
}

function drawCaption(doc: Doc, report: Report): void {
  const { caption } = report;
  doc.font('Times-Bold').fontSize(12).text(caption.court.toUpperCase(), MARGIN.left, MARGIN.top, { width: WIDTH, align: 'center' });
  doc.moveDown(1.5);
  const top = doc.y;
  const half = WIDTH / 2;
  doc.font('Times-Roman').fontSize(12).text(caption.caseName, MARGIN.left, top, { width: half - 16 });
  doc.moveDown(0.6).text('This Document Relates to: All Actions', { width: half - 16 });
  const leftBottom = doc.y;
  doc.text(caption.caseNumber, MARGIN.left + half + 16, top, { width: half - 16 });
  doc.moveDown(0.6).font('Times-Bold').text(shortTitle(report), { width: half - 16 });
  const bottom = Math.max(leftBottom, doc.y) + 8;
  doc.save().strokeColor(RULE).lineWidth(0.75);
  doc.moveTo(MARGIN.left + half, top - 4).lineTo(MARGIN.left + half, bottom).stroke();
  doc.moveTo(MARGIN.left, bottom).lineTo(MARGIN.left + half, bottom).stroke();
  doc.restore();
  doc.y = bottom + 24;
  doc.font('Times-Bold').fontSize(13).text(report.title.toUpperCase(), MARGIN.left, doc.y, { width: WIDTH, align: 'center' });
  doc.moveDown(1.2);
  doc.font('Times-Roman').fontSize(12).text(`I, ${report.declarant.name}, declare as follows:`, MARGIN.left, doc.y, { width: WIDTH });
  doc.moveDown(0.8);
}

function shortTitle(report: Report): string {
  return report.kind === 'declaration' ? 'DECLARATION OF THE SETTLEMENT ADMINISTRATOR' : `DECLARATION OF THE SETTLEMENT ADMINISTRATOR — ${report.kind.toUpperCase()}`;
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.4);
  doc.font('Times-Bold').fontSize(12).text(text.toUpperCase(), MARGIN.left, doc.y, { width: WIDTH, align: 'center' });
  doc.moveDown(0.5);
}

function drawSection(doc: Doc, section: Section, para: (t: string) => void): void {
  heading(doc, section.heading);
  for (const p of section.paragraphs) para(p);
  if (section.figures?.length) drawFigures(doc, section.figures);
  if (section.pending) {
    ensureSpace(doc, 50);
    const y = doc.y;
    doc.font('Times-Italic').fontSize(11);
    const h = doc.heightOfString(`Pending: ${section.pending}`, { width: WIDTH - 24 });
    doc.save().rect(MARGIN.left, y, WIDTH, h + 12).fillAndStroke('#f3f3f3', '#999999').restore();
    doc.fillColor('#000000').text(`Pending: ${section.pending}`, MARGIN.left + 12, y + 6, { width: WIDTH - 24 });
    doc.y = y + h + 20;
  }
}

function drawFigures(doc: Doc, figures: Figure[]): void {
  const cols = [
    { x: MARGIN.left + 36, w: WIDTH - 36 - 200 },
    { x: MARGIN.left + WIDTH - 200, w: 110 },
    { x: MARGIN.left + WIDTH - 84, w: 84 },
  ];
  doc.font('Times-Roman').fontSize(11);
  for (const f of figures) {
    const h = Math.max(doc.heightOfString(f.label, { width: cols[0].w }), 13) + 4;
    if (doc.y + h > BOTTOM) doc.addPage();
    const y = doc.y;
    doc.text(f.label, cols[0].x, y, { width: cols[0].w });
    doc.text(formatCell(f.value), cols[1].x, y, { width: cols[1].w, align: 'right' });
    if (f.note) doc.fillColor('#444444').text(f.note, cols[2].x, y, { width: cols[2].w, align: 'right' }).fillColor('#000000');
    doc.save().strokeColor('#cccccc').lineWidth(0.5).moveTo(cols[0].x, y + h - 2).lineTo(MARGIN.left + WIDTH, y + h - 2).stroke().restore();
    doc.y = y + h;
  }
  doc.x = MARGIN.left;
  doc.moveDown(0.6);
}

async function drawTable(doc: Doc, columns: Column[], pages: AsyncIterable<Record<string, Cell>[]>, counter: Counter): Promise<void> {
  const total = columns.reduce((s, c) => s + (c.width ?? 1), 0);
  let x = MARGIN.left;
  const layout = columns.map((c) => {
    const w = (WIDTH * (c.width ?? 1)) / total;
    const col = { ...c, x, w };
    x += w;
    return col;
  });
  const pad = 3;
  const header = () => {
    doc.font('Times-Bold').fontSize(9);
    const h = Math.max(...layout.map((c) => doc.heightOfString(c.header, { width: c.w - 2 * pad }))) + 2 * pad;
    const y = doc.y;
    doc.save().rect(MARGIN.left, y, WIDTH, h).fillAndStroke('#e6e6e6', RULE).restore();
    for (const c of layout) doc.fillColor('#000000').text(c.header, c.x + pad, y + pad, { width: c.w - 2 * pad, align: c.align ?? 'left' });
    doc.y = y + h;
  };
  header();
  let rows = 0;
  for await (const page of pages) {
    doc.font('Times-Roman').fontSize(9);
    for (const row of page) {
      const texts = layout.map((c) => formatCell(row[c.key]));
      const h = Math.max(...layout.map((c, i) => doc.heightOfString(texts[i] || ' ', { width: c.w - 2 * pad }))) + 2 * pad;
      if (doc.y + h > BOTTOM) {
        doc.addPage();
        header();
        doc.font('Times-Roman').fontSize(9);
      }
      const y = doc.y;
      if (rows % 2 === 1) doc.save().rect(MARGIN.left, y, WIDTH, h).fill('#f7f7f7').restore();
      layout.forEach((c, i) => doc.fillColor('#000000').text(texts[i], c.x + pad, y + pad, { width: c.w - 2 * pad, align: c.align ?? 'left' }));
      doc.save().strokeColor('#bbbbbb').lineWidth(0.4).moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + WIDTH, y + h).stroke().restore();
      doc.y = y + h;
      rows += 1;
    }
    counter.rows += page.length;
  }
  if (rows === 0) doc.font('Times-Italic').fontSize(10).text('None received.', MARGIN.left + pad, doc.y + pad, { width: WIDTH });
  doc.x = MARGIN.left;
  doc.moveDown(1);
}

function drawSignature(doc: Doc, report: Report): void {
  ensureSpace(doc, 170);
  const executed = new Intl.DateTimeFormat('en-US', { timeZone: report.timeZone, dateStyle: 'long' }).format(report.generatedAt);
  doc.moveDown(0.5);
  doc.font('Times-Roman').fontSize(12).text(
    `I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct. Executed on ${executed}.`,
    MARGIN.left,
    doc.y,
    { width: WIDTH, align: 'justify', lineGap: 4 },
  );
  doc.moveDown(2.5);
  const x = MARGIN.left + WIDTH / 2;
  doc.text(`/s/ ${report.declarant.name}`, x, doc.y, { width: WIDTH / 2 });
  doc.save().strokeColor('#000000').lineWidth(0.75).moveTo(x, doc.y + 2).lineTo(MARGIN.left + WIDTH, doc.y + 2).stroke().restore();
  doc.moveDown(0.4);
  doc.text(report.declarant.name, x, doc.y, { width: WIDTH / 2 });
  doc.text(capitalise(report.declarant.title), x, doc.y, { width: WIDTH / 2 });
  doc.text(`for ${report.declarant.administrator}`, x, doc.y, { width: WIDTH / 2 });
}

function numberPages(doc: Doc, report: Report): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page; lift the margin while we do.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Times-Roman').fontSize(9).fillColor('#000000');
    doc.text(report.caption.caseNumber, MARGIN.left, PAGE.height - 48, { width: WIDTH / 2, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN.left, PAGE.height - 48, { width: WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
}

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > BOTTOM) doc.addPage();
}

function formatCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
