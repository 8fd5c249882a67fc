/**
 * A real SMTP server for tests, the e2e run and benchmarks: accepts every message and writes it, as
 * received, to a folder (one .eml per message) where tests read and parse it; DIR "-" discards them.
 * Usage: tsx scripts/mail-catcher.ts PORT DIR
 */
import fs from 'node:fs';
import path from 'node:path';
import { startMailCatcher } from '../lib/mail/catcher';

const [port, dir] = process.argv.slice(2);
if (dir !== '-') fs.mkdirSync(dir, { recursive: true });
const keep = (raw: Buffer) => fs.writeFileSync(path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.eml`), raw);
await startMailCatcher(Number(port), dir === '-' ? () => {} : keep);
console.log(`mail catcher on ${port} → ${dir === '-' ? 'discarded' : dir}`);
