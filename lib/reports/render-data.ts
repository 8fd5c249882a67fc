import { csvLine } from '@/lib/csv/encode';
import type { Counter, Report, Row } from './types';

/**
 * CSV and JSON renderers. Both consume the report's pages one at a time and yield text chunks, so the
 * output is streamed with memory bounded by one page. Every CSV string cell goes through
 * neutraliseCell: a claimant called "=HYPERLINK(…)" stays text in Excel. A report whose database renders
 * its own rows (report.direct, PostgreSQL COPY) streams those bytes instead; the code below is the
 * reference they are tested against.
 */

export type { Counter };

export async function* renderCsv(report: Report, counter: Counter = { rows: 0 }): AsyncGenerator<string | Buffer> {
  if (report.direct) {
    yield* report.direct.csv(counter);
    return;
  }
  const keys = report.columns.map((c) => c.key);
  yield csvLine(report.columns.map((c) => c.header));
  const cells = new Array(keys.length);
  for await (const page of report.pages()) {
    let chunk = '';
    for (const row of page) {
      for (let j = 0; j < keys.length; j++) cells[j] = row[keys[j]];
      chunk += csvLine(cells);
    }
    counter.rows += page.length;
    yield chunk;
  }
}

/**
 * JSON: { kind, title, caption, generatedAt, timeZone, sections, columns, rows: [...], rowCount }.
 * rowCount comes last because it is only known once the rows have streamed.
 */
export async function* renderJson(report: Report, counter: Counter = { rows: 0 }): AsyncGenerator<string | Buffer> {
  const head = {
    kind: report.kind,
    title: report.title,
    caption: report.caption,
    generatedAt: report.generatedAt.toISOString(),
    timeZone: report.timeZone,
    sections: report.sections,
    columns: report.columns.map(({ key, header }) => ({ key, header })),
  };
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"rows":[`;
  if (report.direct) {
    yield* report.direct.jsonRows(counter);
    yield `\n],"rowCount":${counter.rows}}\n`;
    return;
  }
  let first = true;
  for await (const page of report.pages()) {
    let chunk = '';
    for (const row of page) {
      chunk += (first ? '\n' : ',\n') + JSON.stringify(pick(row, report.columns.map((c) => c.key)));
      first = false;
    }
    counter.rows += page.length;
    yield chunk;
  }
  yield `\n],"rowCount":${counter.rows}}\n`;
}

function pick(row: Row, keys: string[]): Row {
  const out: Row = {};
  for (const k of keys) out[k] = row[k] ?? null;
  return out;
}
