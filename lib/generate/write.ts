import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { claim, claimColumns, classListColumns, labelColumns, member, memberRow, type GenerateOptions } from './model';

export const generateParams = z.object({
  classMembers: z.number().int().min(1).max(200_000_000),
  claims: z.number().int().min(0).max(100_000_000),
  fraudRate: z.number().min(0).max(1),
  seed: z.string().min(1).max(200),
  out: z.string().min(1),
});
export type GenerateParams = z.infer<typeof generateParams>;

type Sink = { write(row: Record<string, string>): Promise<void>; end(): Promise<void> };

/** A CSV file written row by row; waits on back-pressure so memory stays flat whatever the size. */
function csvSink(file: string, columns: readonly string[]): Sink {
  const out = fs.createWriteStream(file);
  const csv = stringify({ header: true, columns: [...columns], record_delimiter: '\n' });
  csv.pipe(out);
  return {
    async write(row) {
      if (!csv.write(row)) await once(csv, 'drain');
    },
    async end() {
      csv.end();
      await finished(out);
    },
  };
}

/**
 * Writes class_list.csv, claims.csv and labels.csv into `out` (docs/cli.md "generate"). Deterministic:
 * the same options give byte-identical files. Restarting overwrites the files, so a re-run (a redelivered
 * job) simply writes them again.
 */
export async function generateDataset(
  p: GenerateParams,
  opts: { progress?: (done: number, total: number, note: string) => Promise<void> | void; signal?: AbortSignal } = {},
): Promise<{ classMembers: number; claims: number; fraud: number; files: string[] }> {
  const o: GenerateOptions = { seed: p.seed, classMembers: p.classMembers, claims: p.claims, fraudRate: p.fraudRate };
  fs.mkdirSync(p.out, { recursive: true });
  const total = p.classMembers + p.claims;
  const every = 10_000;
  const files = ['class_list.csv', 'claims.csv', 'labels.csv'].map((f) => path.join(p.out, f));
  const members = csvSink(files[0]!, classListColumns);
  for (let i = 0; i < p.classMembers; i++) {
    await members.write(memberRow(member(o.seed, i)));
    if ((i + 1) % every === 0) {
      opts.signal?.throwIfAborted();
      await opts.progress?.(i + 1, total, 'class list');
    }
  }
  await members.end();
  const claims = csvSink(files[1]!, claimColumns);
  const labels = csvSink(files[2]!, labelColumns);
  let fraud = 0;
  for (let j = 0; j < p.claims; j++) {
    const c = claim(o, j);
    if (c.label.is_fraud === 'true') fraud++;
    await claims.write(c.row);
    await labels.write(c.label);
    if ((j + 1) % every === 0) {
      opts.signal?.throwIfAborted();
      await opts.progress?.(p.classMembers + j + 1, total, 'claims');
    }
  }
  await Promise.all([claims.end(), labels.end()]);
  await opts.progress?.(total, total, 'done');
  return { classMembers: p.classMembers, claims: p.claims, fraud, files };
}
