/**
 * A real SMTP server for tests and the e2e run: accepts every message and writes it, as received,
 * to a folder (one .eml per message) where tests read and parse it.
 * Usage: tsx scripts/mail-catcher.ts PORT DIR
 */
import fs from 'node:fs';
import path from 'node:path';
import { startMailCatcher } from '../lib/mail/catcher';

const [port, dir] = process.argv.slice(2);
fs.mkdirSync(dir, { recursive: true });
await startMailCatcher(Number(port), (raw) => fs.writeFileSync(path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.eml`), raw));
console.log(`mail catcher on ${port} → ${dir}`);
