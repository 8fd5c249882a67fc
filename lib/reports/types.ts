import type { Settlement } from '@/lib/settlements/service';

/**
 * A court-facing report, independent of its format. The data rows are a stream of pages read from the
 * database by keyset pagination, so a report over ten million claims never holds them all in memory;
 * the narrative (sections of numbered paragraphs and figures) is small and built up front.
 */

export const reportFormats = ['csv', 'pdf', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export type Column = {
  key: string;
  header: string;
  /** Relative width in the PDF table. */
  width?: number;
  align?: 'left' | 'right';
};

/** One figure in a section: a label and its value, optionally a percentage or a note. */
export type Figure = { label: string; value: Cell; note?: string };

export type Section = {
  heading: string;
  /** Numbered paragraphs in the PDF (the numbering runs across the whole declaration). */
  paragraphs: string[];
  figures?: Figure[];
  /** A section whose figures a later part of the system provides: shown, clearly labelled, as pending. */
  pending?: string;
};

/** Caption of a court filing, from the settlement configuration. */
export type Caption = { court: string; caseName: string; caseNumber: string; settlementName: string };

export type Declarant = { name: string; title: string; administrator: string };

export type Report = {
  kind: string;
  title: string;
  caption: Caption;
  generatedAt: Date;
  /** Dates in the report are shown in this zone (the settlement's). */
  timeZone: string;
  sections: Section[];
  columns: Column[];
  /** The data rows, page by page. Called once per rendering. */
  pages: () => AsyncIterable<Row[]>;
  /** Heading above the row table in the PDF; absent when the PDF shows only the sections. */
  tableTitle?: string;
  formats: readonly ReportFormat[];
  declarant: Declarant;
  /**
   * Present when the database can render the data rows itself (PostgreSQL COPY, see pg-copy.ts): the
   * same bytes renderCsv / renderJson write from `pages`, much faster. `csv` yields the header line and
   * the rows; `jsonRows` the rows of the JSON array. Each adds the rows it writes to counter.
   */
  direct?: {
    csv: (counter: Counter) => AsyncIterable<Buffer>;
    jsonRows: (counter: Counter) => AsyncIterable<Buffer>;
  };
};

/** Rows written so far by a renderer; final once its output is exhausted. */
export type Counter = { rows: number };

export function captionOf(s: Settlement): Caption {
  const c = s.config;
  return { court: c.court, caseName: c.caseName, caseNumber: c.caseNumber, settlementName: c.name };
}

/** The default signatory: the acting staff member, signing for the administrator. */
export function defaultDeclarant(name: string): Declarant {
  return { name, title: 'authorized representative', administrator: 'the Settlement Administrator' };
}

/** "1 objection", "3 objections". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * Keyset pagination: fetches pages after the last key until a short page. Never OFFSET (which rescans
 * every skipped row) and never all rows at once.
 */
export async function* keysetPages<T extends { id: number }, R>(
  fetchPage: (afterId: number, limit: number) => Promise<T[]>,
  toRow: (r: T) => R | Promise<R>,
  pageSize = 5000,
): AsyncGenerator<R[]> {
  let after = 0;
  for (;;) {
    const page = await fetchPage(after, pageSize);
    if (page.length === 0) return;
    const out: R[] = [];
    for (const r of page) out.push(await toRow(r));
    yield out;
    if (page.length < pageSize) return;
    after = Number(page[page.length - 1].id);
  }
}

export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  if (part > 0 && (100 * part) / whole < 0.01) return '<0.01%';
  return `${((100 * part) / whole).toFixed(2)}%`;
}

export { formatCents as dollars } from '@/lib/money';

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
