/** The class-list bench input: a small deterministic writer (bench/classlist.ts, bench/import-stages.ts). */
import fs from 'node:fs';

export const HEADER = 'record_id,email,phone,username,first_name,last_name,street,city,state,zip,country,created_video_in_illinois,months_active,first_use_date';
const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'José', 'Ana'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Núñez', 'Lee'];
const STREET = ['Main St', 'North Oak Avenue', 'W. Lake St.', 'Cedar Blvd Apt 4B', 'Elm Street #12', 'S Maple Ave'];

/** Deterministic rows: an LCG, so every run writes the same file. */
export async function writeClassList(file: string, n: number): Promise<number> {
  let x = 42;
  const r = (m: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % m);
  const out = fs.createWriteStream(file);
  out.write(`${HEADER}\n`);
  for (let i = 0; i < n; i++) {
    const f = FIRST[r(10)], l = LAST[r(10)];
    const line = `TT${i},${f.toLowerCase()}.${l.toLowerCase()}${i}@example.com,+1 312 ${String(200 + r(800))} ${String(r(10000)).padStart(4, '0')},${f.toLowerCase()}${i},${f},${l},${1 + r(9999)} ${STREET[r(6)]},Chicago,IL,${60600 + r(99)},US,${r(10) < 2 ? 'true' : 'false'},${r(60)},20${16 + r(5)}-0${1 + r(9)}-1${r(9)}\n`;
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res) => out.end(() => res()));
  return fs.statSync(file).size;
}

