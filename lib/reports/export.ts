import { AppError } from '@/lib/errors';
import type { Db } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import type { Settlement } from '@/lib/settlements/service';
import { buildClaimsRegister } from './claims-register';
import { buildDeclaration } from './declaration';
import { buildDistribution } from './distribution';
import { buildPayoutRunReport } from './payout-run';
import { buildExclusions, buildObjections } from './filings';
import { renderCsv, renderJson, type Counter } from './render-data';
import { renderPdf } from './render-pdf';
import { defaultDeclarant, type Declarant, type Report, type ReportFormat } from './types';

/**
 * The one entry point for every court report, used by the CLI and the console's download route.
 * A report is rendered as a stream of chunks. Before the first chunk, a `report.export` audit row records
 * who exports which report in which format; when the last chunk has been produced, `report.export_completed`
 * adds how many rows (never the contents).
 */

export const reportKinds = ['declaration', 'exclusions', 'objections', 'claims', 'payout-run', 'distribution'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportDescriptions: Record<ReportKind, { title: string; description: string; formats: readonly ReportFormat[] }> = {
  declaration: {
    title: "Administrator's declaration",
    description: 'Notice, claims by status, tier and channel, deficiencies, denials, exclusions, objections and the estimated payment per share.',
    formats: ['pdf', 'csv', 'json'],
  },
  exclusions: {
    title: 'Exclusion list (Exhibit A)',
    description: 'Every request for exclusion with name, city and state, date and whether it was timely — for the judgment.',
    formats: ['pdf', 'csv', 'json'],
  },
  objections: {
    title: 'Objections (Exhibit B)',
    description: 'Every objection: objector, date, counsel, whether they will appear, a summary of the grounds and the attached document.',
    formats: ['pdf', 'csv', 'json'],
  },
  claims: {
    title: 'Claims register',
    description: 'One row per claim with status, tier, units and channel; no personal data.',
    formats: ['csv', 'json'],
  },
  distribution: {
    title: 'Post-distribution accounting',
    description: 'Every figure of the N.D. Cal. Procedural Guidance: fund, notice, claims, exclusions, objections, recoveries, payment methods, uncashed checks, fees, residue and cy pres, potential fraud.',
    formats: ['pdf', 'csv', 'json'],
  },
  'payout-run': {
    title: 'Payout run',
    description: 'One payout run: inputs hash, plan, net distributable amount and totals by tier (needs a run).',
    formats: ['pdf', 'csv', 'json'],
  },
};

export function isReportKind(k: string): k is ReportKind {
  return (reportKinds as readonly string[]).includes(k);
}

/** A format the report does not come in: a malformed request (exit 2, HTTP 400). */
export class ReportFormatError extends AppError {
  constructor(message: string) {
    super('usage', message, { field: 'format' });
  }
}

export async function buildReport(db: Db, settlement: Settlement, kind: ReportKind, declarant: Declarant, now = new Date(), options: { runId?: string } = {}): Promise<Report> {
  switch (kind) {
    case 'declaration':
      return buildDeclaration(db, settlement, declarant, now);
    case 'exclusions':
      return buildExclusions(db, settlement, declarant, now);
    case 'objections':
      return buildObjections(db, settlement, declarant, now);
    case 'claims':
      return buildClaimsRegister(db, settlement, declarant, now);
    case 'payout-run':
      return buildPayoutRunReport(db, settlement, options.runId, declarant, now);
    case 'distribution':
      return buildDistribution(db, settlement, declarant, now);
  }
}

export const contentTypes: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

export type ReportExport = {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string | Buffer>;
  /** Rows written so far (final once chunks is exhausted). */
  counter: Counter;
};

export type ExportInput = {
  settlement: Settlement;
  kind: ReportKind;
  format: ReportFormat;
  /** Who exports: "user:<id>" in the console, "cli" on the command line. */
  actor: string;
  declarant?: Declarant;
  now?: Date;
  /** The payout-run report's run. */
  runId?: string;
};

export async function exportReport(db: Db, input: ExportInput): Promise<ReportExport> {
  const now = input.now ?? new Date();
  const report = await buildReport(db, input.settlement, input.kind, input.declarant ?? defaultDeclarant('the Settlement Administrator'), now, { runId: input.runId });
  if (!report.formats.includes(input.format)) {
    throw new ReportFormatError(`the ${input.kind} report is available as ${report.formats.join(', ')}, not ${input.format}`);
  }
  const counter: Counter = { rows: 0 };
  const render = input.format === 'csv' ? renderCsv : input.format === 'json' ? renderJson : renderPdf;
  const audit = { settlementId: input.settlement.id, actor: input.actor, targetType: 'report', targetId: input.kind };
  // Committed before the caller sees the first byte: a download that is cancelled, or a process that dies
  // half-way, is still on the record as started (issue 6 §3). The row count follows when the last byte is out.
  const started = await db.transaction((tx) => appendAudit(tx, { ...audit, action: 'report.export', details: { kind: input.kind, format: input.format } }));
  const chunks = (async function* () {
    yield* render(report, counter);
    await db.transaction((tx) =>
      appendAudit(tx, { ...audit, action: 'report.export_completed', details: { kind: input.kind, format: input.format, rows: counter.rows, started: started.id } }),
    );
  })();
  return { filename: reportFilename(input.settlement.slug, input.kind, input.format, now), contentType: contentTypes[input.format], chunks, counter };
}

export function reportFilename(slug: string, kind: string, format: ReportFormat, now: Date): string {
  return `${slug}-${kind}-${now.toISOString().slice(0, 10)}.${format}`;
}
