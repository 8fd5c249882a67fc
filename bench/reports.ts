import fs from 'node:fs';
import os from 'node:os';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { buildClaimsRegister } from '@/lib/reports/claims-register';
import { exportReport, type ReportKind } from '@/lib/reports/export';
import { renderCsv, renderJson } from '@/lib/reports/render-data';
import { defaultDeclarant, type Counter, type ReportFormat } from '@/lib/reports/types';
import { argValue, dbUrl, BENCH_DB, openBenchDb } from './load';

/**
 * Court reports at scale (QUALITY.md: 10M claims ≤ 30 s, streamed, constant memory): the declaration
 * (PDF) and the claims register (CSV, one row per claim) streamed to /dev/null through the same code
 * path as the CLI and the download route, against a plain `COPY (select …) TO STDOUT` of the same
 * columns through pg-copy-streams. Reuses the dashboard bench database when it exists (--fresh to reload).
 * On PostgreSQL the claims register is itself a COPY (lib/reports/pg-copy.ts); --js also measures the
 * JS renderers reading pages (the PGlite path and the reference) on the same rows.
 *
 *   npm run bench:reports -- [--claims 10000000] [--fresh] [--js]
 */
const claims = Number(argValue('claims', '10000000'));
const { handle, settlement: s } = await openBenchDb({ claims, reuse: !process.argv.includes('--fresh') });
const db = handle.db;
const [{ n }] = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from claims where settlement_id = ${s.id}`));

/** Samples RSS every 50 ms while fn runs; returns the peak above the starting point and the absolute peak. */
async function measure<T>(fn: () => Promise<T>): Promise<{ secs: number; peakMb: number; startMb: number; result: T }> {
  global.gc?.();
  const startMb = process.memoryUsage().rss / 2 ** 20;
  let peak = startMb;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
  const t = performance.now();
  const result = await fn();
  const secs = (performance.now() - t) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  return { secs, peakMb: peak, startMb, result };
}

const devNull = () => fs.createWriteStream('/dev/null');
const rows: string[] = [];
const record = (work: string, m: { secs: number; peakMb: number; startMb: number }, count: number, bytes: number) => {
  const line = `| ${work} | ${count.toLocaleString('en-US')} | ${m.secs.toFixed(1)} | ${Math.round(count / m.secs).toLocaleString('en-US')} | ${(bytes / 2 ** 20).toFixed(0)} | ${Math.round(m.peakMb)} (start ${Math.round(m.startMb)}) |`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
};

async function drain(chunks: AsyncIterable<string | Buffer>): Promise<number> {
  let bytes = 0;
  await pipeline(
    Readable.from(chunks),
    new Writable({
      write(chunk, _e, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  return bytes;
}

async function run(kind: ReportKind, format: ReportFormat) {
  const out = await exportReport(db, { settlement: s, kind, format, actor: 'bench', declarant: defaultDeclarant('Bench Administrator') });
  const bytes = await drain(out.chunks);
  return { rows: out.counter.rows, bytes };
}

/** The JS renderers on PostgreSQL (pages of row objects), without the audit row. */
async function runJs(format: 'csv' | 'json') {
  const report = await buildClaimsRegister(db, s, defaultDeclarant('Bench Administrator'), new Date(), { copy: false });
  const counter: Counter = { rows: 0 };
  const bytes = await drain(format === 'csv' ? renderCsv(report, counter) : renderJson(report, counter));
  return { rows: counter.rows, bytes };
}

const decl = await measure(() => run('declaration', 'pdf'));
record('declaration (PDF)', decl, decl.result.rows, decl.result.bytes);

const csv = await measure(() => run('claims', 'csv'));
record('claims register (CSV, neutralised cells; COPY)', csv, csv.result.rows, csv.result.bytes);
const json = await measure(() => run('claims', 'json'));
record('claims register (JSON; COPY)', json, json.result.rows, json.result.bytes);
const js = process.argv.includes('--js');
const jsCsv = js ? await measure(() => runJs('csv')) : null;
if (jsCsv) record('claims register (CSV; JS renderer reading pages)', jsCsv, jsCsv.result.rows, jsCsv.result.bytes);
const jsJson = js ? await measure(() => runJs('json')) : null;
if (jsJson) record('claims register (JSON; JS renderer reading pages)', jsJson, jsJson.result.rows, jsJson.result.bytes);

const copy = await measure(async () => {
  const { Client } = await import('pg');
  const { to } = await import('pg-copy-streams');
  const c = new Client({ connectionString: dbUrl(BENCH_DB) });
  await c.connect();
  let bytes = 0;
  const stream = c.query(
    to(`copy (select claim_id, status, tier, units, channel, late, verification_status, decision_reason, payment_method,
      to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from claims where settlement_id = '${s.id}' order by id)
      to stdout with (format csv, header)`),
  );
  stream.on('data', (b: Buffer) => (bytes += b.length));
  await pipeline(stream, devNull());
  await c.end();
  return { bytes };
});
record('baseline: COPY (select same columns order by id) TO STDOUT', copy, Number(n), copy.result.bytes);

// The plain-SQL way to get JSON rows out of PostgreSQL (not the report's byte format: spaces, no array).
const rowJson = await measure(async () => {
  const { Client } = await import('pg');
  const { to } = await import('pg-copy-streams');
  const c = new Client({ connectionString: dbUrl(BENCH_DB) });
  await c.connect();
  let bytes = 0;
  const stream = c.query(
    to(`copy (select row_to_json(r) from (select claim_id, status, tier, units, channel, late, verification_status, decision_reason, payment_method,
      to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as submitted_at from claims where settlement_id = '${s.id}' order by id) r)
      to stdout`),
  );
  stream.on('data', (b: Buffer) => (bytes += b.length));
  await pipeline(stream, devNull());
  await c.end();
  return { bytes };
});
record('baseline: COPY (select row_to_json(same columns) order by id) TO STDOUT', rowJson, Number(n), rowJson.result.bytes);

console.log(`\n## Court reports — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
console.log(`PostgreSQL, ${Number(n).toLocaleString('en-US')} claims in one settlement; output streamed to a byte counter (like /dev/null).\n`);
console.log('| work | rows | seconds | rows/s | MB out | peak RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
const ratio = (m: { secs: number }) => `${(m.secs / copy.secs).toFixed(2)}×`;
console.log(`\nTime relative to the raw COPY baseline: claims register CSV ${ratio(csv)}, JSON ${ratio(json)} (JSON vs row_to_json: ${(json.secs / rowJson.secs).toFixed(2)}×)${jsCsv && jsJson ? `; JS renderers: CSV ${ratio(jsCsv)}, JSON ${ratio(jsJson)}` : ''}.`);
await handle.close();
