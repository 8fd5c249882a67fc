import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { Handle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims, seedObjection, seedOptOut } from '@/lib/testing/seed';
import { netFundCents } from '@/lib/settlements/config';
import { deadlineInstant } from '@/lib/settlements/deadlines';
import { projectedEstimate } from '@/lib/settlements/estimate';
import { formatCents } from '@/lib/money';
import { buildObjections } from './filings';
import type { Settlement } from '@/lib/settlements/service';
import { buildClaimsRegister } from './claims-register';
import { declarationFigures, declarationSections } from './declaration';
import { exportReport, type ReportKind } from './export';
import { buildExclusions } from './filings';
import { renderCsv, renderJson } from './render-data';
import { defaultDeclarant, type ReportFormat } from './types';

let h: Handle;
let s: Settlement;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-reports-'));
const declarant = defaultDeclarant('Jordan Declarant');

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 30, sampleClaims: false })).settlement;
  // 40 claims: 25 received (5 Illinois), 8 approved with units, 4 denied (3 DUPLICATE, 1 NO_CLASS_MATCH), 3 late mail claims.
  await seedClaims(h.db, s.id, [
    ...Array.from({ length: 25 }, (_, i) => ({ tier: i < 5 ? 'illinois' : 'nationwide' })),
    ...Array.from({ length: 8 }, () => ({ status: 'approved' as const, units: 1 })),
    ...Array.from({ length: 3 }, () => ({ status: 'denied' as const, decisionReason: 'DUPLICATE' })),
    { status: 'denied' as const, decisionReason: 'NO_CLASS_MATCH' },
    ...Array.from({ length: 3 }, () => ({ channel: 'mail' as const, late: true })),
  ]);
  for (let i = 0; i < 23; i++) {
    await seedOptOut(h.db, s.id, { firstName: i === 0 ? '=HYPERLINK("http://evil","x")' : `Person${i}`, lastName: 'Excluded', city: i === 1 ? 'Chicago, "West"' : 'Austin', state: 'TX' }, { late: i >= 20 });
  }
  await seedObjection(h.db, s.id, { firstName: 'Olive', lastName: 'Objector', grounds: 'The attorneys\u2019 fee is too high.\nIt should be 25%.', counselName: 'Sam Counsel', counselFirm: 'Counsel LLP' }, { willAppear: true, document: { name: 'objection.pdf', bytes: Buffer.from('%PDF-1.4 objection') } });
  await seedObjection(h.db, s.id, { firstName: 'Ned', lastName: 'Nocounsel', grounds: 'Too little for Illinois members.' }, { late: true });
});
afterAll(async () => {
  await h?.close();
});

async function exportToFile(kind: ReportKind, format: ReportFormat): Promise<{ file: string; rows: number }> {
  const r = await exportReport(h.db, { settlement: s, kind, format, actor: 'user:test-exporter', declarant });
  const file = path.join(out, `${kind}.${format}`);
  const parts: Buffer[] = [];
  for await (const c of r.chunks) parts.push(Buffer.from(c));
  fs.writeFileSync(file, Buffer.concat(parts));
  return { file, rows: r.counter.rows };
}

/** Renders page 1 to a grayscale image with pdftoppm and counts the dark pixels (a blank page has none). */
function darkPixels(pdf: string, page = 1): number {
  const prefix = pdf.replace(/\.pdf$/, `-p${page}`);
  execFileSync('/usr/bin/pdftoppm', ['-gray', '-r', '40', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  const pgm = fs.readFileSync(`${prefix}.pgm`);
  // P5 header: magic, width, height, maxval, each followed by whitespace; the pixels follow.
  let fields = 0;
  let i = 0;
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(pgm[i]))) i++;
    while (!/\s/.test(String.fromCharCode(pgm[i]))) i++;
    fields++;
  }
  let dark = 0;
  for (let p = i + 1; p < pgm.length; p++) if (pgm[p] < 128) dark++;
  return dark;
}

const pdfText = (file: string) => execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();

describe('declaration', () => {
  it('reports the figures of the seeded claims, filings and fund', async () => {
    const f = await declarationFigures(h.db, s);
    expect(f.claims.total).toBe(40);
    expect(f.claims.late).toBe(3);
    expect(f.claims.byStatus).toMatchObject({ received: 28, approved: 8, denied: 4 });
    expect(f.claims.byTier).toEqual({ illinois: 5, nationwide: 35 });
    expect(f.claims.byChannel).toEqual({ web: 37, mail: 3, import: 0 });
    expect(f.filings.optOuts).toEqual({ total: 23, timely: 20, late: 3 });
    expect(f.filings.objections).toMatchObject({ total: 2, late: 1, withCounsel: 1, willAppear: 1, withDocument: 1 });
    expect(f.denialsByReason).toEqual([{ reason: 'DUPLICATE', claims: 3 }, { reason: 'NO_CLASS_MATCH', claims: 1 }]);
    // Payable: 5 Illinois × 6 + 23 other received × 1 + 8 approved × 1 unit = 61 shares (denied claims excluded).
    expect(f.claims.payableUnits).toBe(61);
    // The estimate the declaration files is the projection at the expected claim rate; the claims so far
    // are reported as a count, and their division is kept apart.
    expect(f.projection).toEqual(projectedEstimate(s.config));
    expect(f.today).toMatchObject({ basis: 'today', claimants: 36, shares: 61, perShareCents: Math.floor(netFundCents(s.config) / 61) });
  });

  it('files the projection, labeled with its basis, and no payment from the claims so far while the period is open', async () => {
    const csv = await exportToFile('declaration', 'csv');
    const rows = parse(fs.readFileSync(csv.file), { columns: true }) as Record<string, string>[];
    const p = projectedEstimate(s.config)!;
    const value = (item: string) => rows.find((r) => r.Item === item)?.Value;
    expect(value('Projected payment per share')).toBe(formatCents(p.perShareCents));
    expect(value('Projected payment, Illinois Subclass')).toBe(formatCents(p.perShareCents * 6));
    expect(value('Projection: claimants, Illinois Subclass')).toBe(String(p.perTier[0].claimants));
    expect(value('Claims received so far, not denied or withdrawn')).toBe('36');
    expect(rows.some((r) => /on the claims received/i.test(r.Item))).toBe(false);
    // Nowhere a per-share figure from the 36 claims (net ÷ 61 shares).
    expect(fs.readFileSync(csv.file, 'utf8')).not.toContain(formatCents(Math.floor(netFundCents(s.config) / 61)));
    const text = pdfText((await exportToFile('declaration', 'pdf')).file).replace(/\s+/g, ' ');
    expect(text).toContain('Projection at the expected claim rate: 1.6% of the 89,000,000 class members');
    expect(text).toContain('8% of claimants in the Illinois Subclass (6 shares each)');
    expect(text).toContain('Eastern Time');
    expect(text).not.toContain('America/New_York');
  });

  it('after the claim deadline, adds the payment on the claims received beside the projection', async () => {
    const after = new Date(deadlineInstant(s.config.dates.claimDeadline, s.config.dates.timeZone).getTime() + 60_000);
    const f = await declarationFigures(h.db, s);
    const section = declarationSections(s, f, declarant, after).find((x) => x.heading.startsWith('Estimated payment'))!;
    const fig = (label: string) => section.figures!.find((x) => x.label === label)?.value;
    expect(fig('Projected payment per share')).toBe(formatCents(f.projection!.perShareCents));
    expect(fig('Payment per share on the claims received')).toBe(formatCents(f.today!.perShareCents));
    expect(section.paragraphs.join(' ')).toContain('On the claims received: the 36 claims received so far');
  });

  it('CSV: one line per figure; JSON: sections with pending labels and the same rows', async () => {
    const csv = await exportToFile('declaration', 'csv');
    const rows = parse(fs.readFileSync(csv.file), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(csv.rows);
    expect(rows.find((r) => r.Item === 'Claims received')!.Value).toBe('40');
    expect(rows.find((r) => r.Item === 'Denied: DUPLICATE')!.Value).toBe('3');
    expect(rows.find((r) => r.Item === 'Late' && r.Section === 'Requests for exclusion')!.Value).toBe('3');

    const json = JSON.parse(fs.readFileSync((await exportToFile('declaration', 'json')).file, 'utf8'));
    expect(json.kind).toBe('declaration');
    expect(json.caption.caseNumber).toBe(s.config.caseNumber);
    expect(json.rowCount).toBe(json.rows.length);
    expect(json.rows.length).toBe(rows.length);
    expect(json.sections.find((x: { heading: string }) => x.heading === 'Notice').pending).toMatch(/call-center/);
  });

  it('PDF: a court filing with caption, numbered paragraphs, page numbers and the signature block', async () => {
    const { file } = await exportToFile('declaration', 'pdf');
    const text = pdfText(file);
    expect(text).toContain(s.config.caseNumber.slice(0, 12));
    expect(text).toMatch(/UNITED STATES DISTRICT COURT/);
    expect(text).toMatch(/DECLARATION OF THE SETTLEMENT ADMINISTRATOR/);
    expect(text).toMatch(/penalty of perjury under the laws of the United States/);
    expect(text).toMatch(/\/s\/ Jordan Declarant/);
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toMatch(/Pending: Website and call-center/);
    expect(darkPixels(file)).toBeGreaterThan(500);
  });
});

describe('exclusion list and objections', () => {
  it('streams rows across several pages without losing or repeating one', async () => {
    const report = await buildExclusions(h.db, s, declarant, new Date(), 5);
    let pages = 0;
    const ids: string[] = [];
    for await (const page of report.pages()) {
      pages++;
      ids.push(...page.map((r) => String(r.request_id)));
    }
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(new Set(ids).size).toBe(23);
    const register = await buildClaimsRegister(h.db, s, declarant, new Date(), { pageSize: 7 });
    let claimRows = 0;
    for await (const page of register.pages()) claimRows += page.length;
    expect(claimRows).toBe(40);
    const counter = { rows: 0 };
    const parts: Buffer[] = [];
    for await (const c of renderJson(register, counter)) parts.push(Buffer.from(c));
    expect(JSON.parse(Buffer.concat(parts).toString('utf8')).rows).toHaveLength(40);
    expect(counter.rows).toBe(40);
    let csv = '';
    for await (const c of renderCsv(await buildExclusions(h.db, s, declarant, new Date(), 4))) csv += c;
    expect(parse(csv, { columns: true })).toHaveLength(23);
  });

  it('CSV decrypts names for the court and neutralises formulas; quotes survive', async () => {
    const { file, rows } = await exportToFile('exclusions', 'csv');
    expect(rows).toBe(23);
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toMatch(/(^|,)=HYPERLINK/m);
    const parsed = parse(raw, { columns: true }) as Record<string, string>[];
    expect(parsed.find((r) => r.Name.includes('HYPERLINK'))!.Name).toBe(`'=HYPERLINK("http://evil","x") Excluded`);
    expect(parsed.some((r) => r.City === 'Chicago, "West"')).toBe(true);
    expect(parsed.filter((r) => r['Timely / late'] === 'late')).toHaveLength(3);
  });

  it('PDF exclusion list repeats the table header on every page', async () => {
    // Enough rows for a second page.
    for (let i = 0; i < 40; i++) await seedOptOut(h.db, s.id, { firstName: `More${i}`, lastName: 'Excluded', city: 'Denver', state: 'CO' });
    const { file } = await exportToFile('exclusions', 'pdf');
    const pages = pdfText(file).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.filter((p) => /Request ID\s+Name\s+City/.test(p)).length).toBeGreaterThanOrEqual(2);
    expect(pages.at(-1)).toMatch(new RegExp(`Page ${pages.length} of ${pages.length}`));
    expect(darkPixels(file, 2)).toBeGreaterThan(500);
  });

  it('objections report lists counsel, appearance, grounds and the attached document', async () => {
    const csv = parse(fs.readFileSync((await exportToFile('objections', 'csv')).file), { columns: true }) as Record<string, string>[];
    const olive = csv.find((r) => r.Objector === 'Olive Objector')!;
    expect(olive).toMatchObject({ Counsel: 'Sam Counsel, Counsel LLP', 'Will appear': 'yes', Document: 'objection.pdf (1 KB)' });
    expect(olive['Grounds (summary)']).toBe('The attorneys\u2019 fee is too high. It should be 25%.');
    expect(csv.find((r) => r.Objector === 'Ned Nocounsel')).toMatchObject({ Counsel: 'none', Document: 'none', 'Timely / late': 'late' });
    const { file } = await exportToFile('objections', 'pdf');
    expect(pdfText(file)).toMatch(/objection\.pdf/);
    expect(darkPixels(file)).toBeGreaterThan(500);
  });

  it('refuses a PDF of the claims register (millions of rows) with a clear message', async () => {
    await expect(exportReport(h.db, { settlement: s, kind: 'claims', format: 'pdf', actor: 'x' })).rejects.toThrow(/available as csv, json/);
  });
});

describe('court filings are in U.S. English', () => {
  // British spellings a reviewer found or that the code base uses elsewhere (normalise, neutralise …).
  const BRITISH = /\b\w*(authoris|organis|recognis|summaris|normalis|neutralis|finalis|prioritis|centre|colour|favour|honour|behaviour|labelled|cancelled|judgement|licence|programme|cheque|defence|offence)\w*/i;
  it('every section, figure and column header of every filing', async () => {
    const reports = [
      await buildExclusions(h.db, s, declarant),
      await buildObjections(h.db, s, declarant),
      await buildClaimsRegister(h.db, s, declarant),
      (await import('./declaration')).buildDeclaration(h.db, s, declarant),
    ];
    for (const r of await Promise.all(reports)) {
      const text = JSON.stringify([r.title, r.sections, r.columns.map((c) => c.header), r.declarant]);
      expect(text.match(BRITISH)?.[0] ?? null, r.kind).toBeNull();
      expect(text, r.kind).not.toContain('America/New_York');
    }
  });
});

describe('audit of exports', () => {
  it('records who exported which report, in which format and how many rows, without personal data', async () => {
    await exportToFile('exclusions', 'json');
    const rows = await h.db.select().from(auditLog).where(and(eq(auditLog.action, 'report.export'), eq(auditLog.actor, 'user:test-exporter'))).orderBy(asc(auditLog.id));
    const done = await h.db.select().from(auditLog).where(and(eq(auditLog.action, 'report.export_completed'), eq(auditLog.actor, 'user:test-exporter'))).orderBy(asc(auditLog.id));
    expect(rows.at(-1)!.details).toEqual({ kind: 'exclusions', format: 'json' });
    expect(done.at(-1)!.details).toEqual({ kind: 'exclusions', format: 'json', rows: 63, started: rows.at(-1)!.id });
    expect(JSON.stringify([...rows, ...done])).not.toMatch(/Excluded|Objector|HYPERLINK/);
    // Ten exports in this file, each started and completed; the refused PDF of the claims register wrote nothing.
    expect([rows.length, done.length]).toEqual([10, 10]);
  });
});
