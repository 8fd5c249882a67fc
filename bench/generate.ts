import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { generateDataset } from '@/lib/generate/write';
import { argValue } from './load';

/**
 * `fairshare generate` throughput and memory: rows/s writing class_list.csv + claims.csv + labels.csv,
 * beside a plain baseline that writes the same number of fixed CSV lines of similar width to a file
 * stream (the cost of the disk and the stream alone). Peak RSS is sampled every 50 ms, so "flat memory"
 * is a number: it should not grow with --class-members.
 *
 *   npx tsx bench/generate.ts [--class-members 1000000] [--claims 200000]
 */
const members = Number(argValue('class-members', '1000000'));
const claims = Number(argValue('claims', String(Math.round(members / 5))));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-generate-'));

async function measure<T>(fn: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = performance.now();
  const result = await fn();
  clearInterval(timer);
  return { secs: (performance.now() - t) / 1000, peakMb: Math.round(peak / 2 ** 20), result };
}

async function baseline() {
  // Roughly the bytes per row the generator writes (class list ~110, claims ~260 + labels ~50).
  const write = async (file: string, rows: number, line: string) => {
    const out = fs.createWriteStream(file);
    for (let i = 0; i < rows; i++) if (!out.write(line)) await once(out, 'drain');
    out.end();
    await finished(out);
  };
  await write(path.join(dir, 'b1.csv'), members, `${'x'.repeat(109)}\n`);
  await write(path.join(dir, 'b2.csv'), claims, `${'y'.repeat(259)}\n`);
  await write(path.join(dir, 'b3.csv'), claims, `${'z'.repeat(49)}\n`);
}

const base = await measure(baseline);
const gen = await measure(() => generateDataset({ classMembers: members, claims, fraudRate: 0.05, seed: 'bench', out: dir }));
const rows = members + claims;
console.log(`generate: ${members.toLocaleString('en-US')} class members + ${claims.toLocaleString('en-US')} claims`);
console.log(`  baseline (fixed lines to a file stream): ${base.secs.toFixed(1)} s, ${Math.round(rows / base.secs).toLocaleString('en-US')} rows/s, peak RSS ${base.peakMb} MB`);
console.log(`  fairshare generate:                      ${gen.secs.toFixed(1)} s, ${Math.round(rows / gen.secs).toLocaleString('en-US')} rows/s, peak RSS ${gen.peakMb} MB`);
console.log(`  ratio: ${((100 * base.secs) / gen.secs).toFixed(1)}% of the baseline's speed`);
fs.rmSync(dir, { recursive: true, force: true });
