/**
 * What the intake and sign-in-flood benchmarks share: a fresh database, the claim form's server action as
 * the browser posts it (Next-Action header + JSON arguments), looked up in the production build, and a
 * server to wait for.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new, empty database `name` on the benchmark's PostgreSQL server (BENCH_DATABASE_URL); returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The id `next build` gave a server action, from the build's manifest. */
export function actionId(name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'));
  for (const [id, entry] of Object.entries<{ exportedName?: string }>(manifest.node)) if (entry.exportedName === name) return id;
  throw new Error(`${name} not found in the build: run \`npm run build\` first`);
}

/** The arguments of `submitClaimAction`: a valid claim from a plausible claimant, unique e-mail and token each call. */
export function claimActionArgs(slug = 'tiktok'): [string, Record<string, unknown>, Record<string, unknown>] {
  const n = randomUUID().slice(0, 8);
  return [
    slug,
    {
      usResident: 'yes', usedApp: 'yes', filingFor: 'self',
      firstName: 'Bench', lastName: `Claimant${n}`, guardianName: '',
      street: '100 Main St', city: 'Chicago', state: 'IL', zip: '60601',
      email: `bench.${n}@example.com`, phone: '',
      usernames: [`bench_${n}`], noticeId: '', confirmationCode: '',
      attestations: [], paymentMethod: 'paypal', paypalEmail: `bench.${n}@example.com`,
      venmoHandle: '', zelleContact: '', cardEmail: '', achRouting: '', achAccount: '', achAccountConfirm: '', achAccountType: '',
      signature: `Bench Claimant${n}`, declaration: true,
    },
    { token: randomUUID(), startedAt: Date.now() - 95_000, website: '', deviceId: n },
  ];
}

/** Resolves once `url` answers 2xx; fails if the server process exits first or after `seconds`. */
export async function waitFor(url: string, child: ChildProcess, seconds = 240): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}
