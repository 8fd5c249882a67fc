/**
 * bench/claims-import: `claims import` of N claims on PostgreSQL beside raw `COPY` of the same file into
 * a plain table. The file is written here by a small deterministic writer.
 *
 *   npx tsx bench/claims-import.ts [N=1000000]
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
import { importClaims } from '@/lib/claims/import';
import { freshDatabase } from './claim-action';

const N = Number(process.argv[2] ?? 1_000_000);
/** BENCH_THREADS: worker threads for the import (default: the import's own choice); BENCH_DB: the scratch database name. */
const THREADS = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined;
process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
const HEADER = 'claim_ref,first_name,last_name,email,phone,street,city,state,zip,attestations,payment_method,payment_handle,submitted_at,channel';
const METHODS = ['paypal', 'check', 'venmo', 'prepaid_card'];

async function writeClaims(file: string, n: number): Promise<number> {
  let x = 7;
  const r = (m: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % m);
  const out = fs.createWriteStream(file);
  out.write(`${HEADER}\n`);
  for (let i = 0; i < n; i++) {
    const method = METHODS[r(4)];
    const email = `claimant${i}@example.com`;
    const handle = method === 'paypal' ? email : method === 'venmo' ? `+1312555${String(r(10000)).padStart(4, '0')}` : '';
    const line = `BULK-${i},Pat,Lee${i},${email},+1 312 555 ${String(r(10000)).padStart(4, '0')},${1 + r(9999)} Main St,Chicago,IL,${60600 + r(99)},${r(10) < 1 ? 'illinois_resident' : ''},${method},${handle},2022-01-${String(1 + r(28)).padStart(2, '0')}T10:00:00Z,import\n`;
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res) => out.end(() => res()));
  return fs.statSync(file).size;
}

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
const url = await freshDatabase(process.env.BENCH_DB ?? 'fs_classlist_bench_claims');
const file = path.join(os.tmpdir(), `fs-claims-${N}-${process.pid}.csv`);
const bytes = await writeClaims(file, N);
const copySeconds = await rawCopy(url, file);
const h = await openDb({ url });
const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/settlements/tiktok.json'), 'utf8'));
const s = await createSettlement(h.db, raw, 'bench');
const t = Date.now();
// Phase ends: the check pass, then the seal pass (its last progress call comes when every claim is staged).
const phase = { checked: 0, staged: 0 };
const result = await importClaims(h.db, s, file, 'bench', {
  now: new Date('2022-02-01T00:00:00Z'),
  threads: THREADS,
  onProgress: (p) => void (p === 'checking' ? (phase.checked = Date.now()) : (phase.staged = Date.now())),
});
const importSeconds = (Date.now() - t) / 1000;
clearInterval(sample);
await h.close();
fs.rmSync(file, { force: true });
console.log(
  JSON.stringify(
    {
      claims: N,
      fileMB: +(bytes / 1e6).toFixed(1),
      rawCopy: { seconds: copySeconds, rowsPerSecond: Math.round(N / copySeconds) },
      import: { seconds: importSeconds, rowsPerSecond: Math.round(N / importSeconds), imported: result.imported, ratioToRawCopy: +(copySeconds / importSeconds).toFixed(3) },
      phasesSeconds: { check: (phase.checked - t) / 1000, sealAndStage: (phase.staged - phase.checked) / 1000, move: (t + importSeconds * 1000 - phase.staged) / 1000 },
      threads: THREADS ?? 'default',
      loadAverage: os.loadavg().map((x) => +x.toFixed(1)),
      peakRssMB: Math.round(peak / 1e6),
    },
    null,
    2,
  ),
);
