/**
 * bench/import-stages: per-stage cost of the class-list import's JavaScript, on one core, no database.
 * Each stage runs over the same N rows (written by bench/classlist.ts's writer) and is timed alone, so
 * the slowest stage is the one to work on.
 *
 *   npx tsx bench/import-stages.ts [N=100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { deriveDataKey, keyedHash } from '@/lib/privacy/crypto';
import { CsvErrorList, newStats, readCsv, type CsvRow } from '@/lib/csv/read';
import { CLASS_COLUMNS, classRowSchema, type ClassRow } from '@/lib/classlist/row';
import { identityKeys } from '@/lib/classlist/keys';
import { sealContact } from '@/lib/classlist/members';
import { canonicalStreet, normalisePhone } from '@/lib/privacy/normalise';
import { writeClassList } from './classlist-file';

const N = Number(process.argv[2] ?? 100_000);
const file = path.join(os.tmpdir(), `fs-stages-${N}.csv`);
await writeClassList(file, N);
const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/settlements/tiktok.json'), 'utf8'));
const declared = raw.classListAttributes ?? {};
const key = deriveDataKey(randomBytes(32));

const time = async (name: string, fn: () => unknown) => {
  const t = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`${name.padEnd(28)} ${s.toFixed(2)} s  ${Math.round(N / s).toLocaleString('en-US').padStart(10)} rows/s`);
};

const rows: CsvRow[] = [];
await time('csv reader', async () => {
  const errors = new CsvErrorList('f');
  for await (const r of readCsv(file, { errors, known: [...CLASS_COLUMNS, ...Object.keys(declared)], stats: newStats() })) rows.push(r);
});
const schema = classRowSchema({ classListAttributes: declared });
const parsed: ClassRow[] = [];
await time('row check', () => {
  for (const r of rows) {
    const p = schema.safeParse(r.fields);
    if (p.success) parsed.push(p.data);
  }
});
await time('phone normalise', () => parsed.forEach((p) => normalisePhone(p.contact.phone!)));
await time('street canonicalise', () => parsed.forEach((p) => canonicalStreet(p.contact.street!)));
await time('6 hmacs alone', () => parsed.forEach((p) => { for (let i = 0; i < 6; i++) keyedHash(key, 'email', p.contact.email!); }));
await time('identity keys (all)', () => parsed.forEach((p) => identityKeys(key, p.contact)));
await time('seal contact', () => parsed.forEach((p) => sealContact(key, p.contact)));
fs.rmSync(file, { force: true });
