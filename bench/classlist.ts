/**
 * bench/classlist: `classlist import` of N records on PostgreSQL beside raw `COPY` of the same file into
 * a plain table (issue 7 target: ≥ 50% of raw COPY), with peak RSS.
 *
 *   npx tsx bench/classlist.ts [N=1000000]      (DATABASE_URL: the server's admin URL; BENCH_DB: the scratch database name)
 *
 * The input file is written here by a small deterministic writer (fairshare generate comes later).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDb } from '@/db/client';
import { createSettlement } from '@/lib/settlements/service';
import { importClassList } from '@/lib/classlist/import';
import { freshDatabase } from './claim-action';
import { HEADER, writeClassList } from './classlist-file';

const N = Number(process.argv[2] ?? 1_000_000);
/** BENCH_THREADS: worker threads for the import (default: the import's own choice). */
const THREADS = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined;
process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
async function rawCopy(url: string, file: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create table raw_copy (${HEADER.split(',').map((h) => `${h} text`).join(', ')})`);
  const t = Date.now();
  await pipeline(fs.createReadStream(file), c.query(copyFrom(`COPY raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const s = (Date.now() - t) / 1000;
  await c.end();
  return s;
}

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);

const url = await freshDatabase(process.env.BENCH_DB ?? 'fs_classlist_bench');
const file = path.join(os.tmpdir(), `fs-classlist-${N}-${process.pid}.csv`);
const bytes = await writeClassList(file, N);
const copySeconds = await rawCopy(url, file);
const h = await openDb({ url });
const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/settlements/tiktok.json'), 'utf8'));
const s = await createSettlement(h.db, raw, 'bench');
const rssBefore = process.memoryUsage().rss;
peak = rssBefore;
let t = Date.now();
// The last progress call comes when every row is staged: the rest is the SQL diff and merge.
let staged = 0;
const first = await importClassList(h.db, s, file, 'bench', { threads: THREADS, onProgress: () => void (staged = Date.now()) });
const importSeconds = (Date.now() - t) / 1000;
const stagedSeconds = (staged - t) / 1000;
const peakFirst = peak;
t = Date.now();
const reT = t;
const again = await importClassList(h.db, s, file, 'bench', { threads: THREADS, onProgress: () => void (staged = Date.now()) });
const reimportSeconds = (Date.now() - t) / 1000;
const reStagedSeconds = (staged - reT) / 1000;
clearInterval(sample);
await h.close();
fs.rmSync(file, { force: true });

const rate = (sec: number) => Math.round(N / sec);
console.log(
  JSON.stringify(
    {
      records: N,
      fileMB: +(bytes / 1e6).toFixed(1),
      rawCopy: { seconds: copySeconds, rowsPerSecond: rate(copySeconds) },
      import: { seconds: importSeconds, readAndStageSeconds: stagedSeconds, rowsPerSecond: rate(importSeconds), added: first.added, ratioToRawCopy: +(copySeconds / importSeconds).toFixed(3) },
      reimportUnchanged: { seconds: reimportSeconds, readAndStageSeconds: reStagedSeconds, rowsPerSecond: rate(reimportSeconds), unchanged: again.unchanged },
      threads: THREADS ?? 'default',
      loadAverage: os.loadavg().map((x) => +x.toFixed(1)),
      peakRssMB: Math.round(Math.max(peakFirst, peak) / 1e6),
      rssBeforeImportMB: Math.round(rssBefore / 1e6),
    },
    null,
    2,
  ),
);
