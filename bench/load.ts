import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDb, rowsOf, type Handle } from '@/db/client';
import { claims } from '@/db/schema';
import { CLAIM_PREFIX, newPublicId } from '@/lib/claims/claim-id';
import { sealClaim, type ClaimPii } from '@/lib/claims/seal';
import { demoConfig } from '@/lib/demo/service';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, findSettlement, type Settlement } from '@/lib/settlements/service';

/**
 * Shared by the benchmarks: a PostgreSQL database holding one settlement with N synthetic claims,
 * loaded with generate_series (ciphertext-shaped filler in the sealed columns, realistic status / tier /
 * channel / day distributions) plus a few hundred real, searchable claims with true keyed hashes.
 * Secondary indexes are dropped during the bulk load and rebuilt after, as a production bulk load would.
 */

export const BENCH_DB = 'fairshare_bench_dash';

export type Searchable = { claimId: string; email: string; phone: string; name: string };

export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function dbUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function exists(name: string): Promise<boolean> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  const r = await c.query('select 1 from pg_database where datname = $1', [name]);
  await c.end();
  return r.rowCount === 1;
}

export async function recreate(name: string): Promise<void> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** Opens (and if needed loads) the bench database. The master key is kept in the database's folder-free env. */
export async function openBenchDb(opts: { claims: number; reuse: boolean; name?: string }): Promise<{ handle: Handle; settlement: Settlement; searchable: Searchable[]; loaded: boolean }> {
  const name = opts.name ?? BENCH_DB;
  // A fixed master key for the bench so a reused database can still be read.
  process.env.FAIRSHARE_MASTER_KEY ??= Buffer.alloc(32, 7).toString('base64');
  const reuse = opts.reuse && (await exists(name));
  if (!reuse) await recreate(name);
  // A reused database keeps the schema it was loaded with (the pre-release migration is regenerated on merges).
  const handle = await openDb({ url: dbUrl(name), migrate: !reuse });
  let settlement = await findSettlement(handle.db, 'bench');
  let loaded = false;
  if (!settlement || !reuse) {
    const config = { ...demoConfig(new Date('2022-01-15T12:00:00Z')), slug: 'bench' };
    settlement = await createSettlement(handle.db, config, 'bench');
    await bulkLoad(handle, settlement, opts.claims);
    loaded = true;
  }
  const searchable = await loadSearchable(handle, settlement, loaded);
  return { handle, settlement, searchable, loaded };
}

async function bulkLoad(handle: Handle, s: Settlement, n: number): Promise<void> {
  const db = handle.db;
  const idx = rowsOf<{ indexname: string; indexdef: string }>(
    await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'claims' and indexname <> 'claims_pkey'`),
  );
  for (const i of idx) await handle.exec(`drop index ${i.indexname}`);
  // Real ciphertexts (sealed with this settlement's key) reused across rows: the list and detail pages can
  // open every claim, and the column widths are those of production rows.
  const key = await settlementKey(db, s.id);
  const samples = Array.from({ length: 64 }, (_, i) =>
    sealClaim(key, { firstName: `Filler${i}`, lastName: `Claimant${i}`, email: `filler${i}@example.com`, phone: '+13125550100', street: `${i} Main St`, city: 'Springfield', state: 'IL', zip: '62701', usernames: [`filler${i}`] }, { method: 'paypal', email: `filler${i}@example.com` }),
  );
  const lit = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
  const piiArr = lit(samples.map((x) => x.pii));
  const payArr = lit(samples.map((x) => x.payment));
  const notice = s.config.dates.noticeDate;
  const span = Math.max(1, (Date.parse(s.config.dates.claimDeadline) - Date.parse(notice)) / 86_400_000);
  const batch = 1_000_000;
  const started = Date.now();
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    // Distributions: received 40%, under review 10%, deficient 8%, approved 35%, denied 5%, withdrawn 2%;
    // Illinois 12%; web 90% / mail 6% / import 4%; late 2%; arrivals front-loaded after notice (random()^1.8).
    await handle.exec(`
      insert into claims (settlement_id, claim_id, status, channel, late, tier, units, payment_method, pii, payment,
                          email_hash, phone_hash, name_hash, verification_status, decision_reason, submitted_at, updated_at)
      select '${s.id}', 'CB-' || g, st, ch, random() < 0.02, tier,
             case when st = 'approved' then (case when tier = 'illinois' then 6 else 1 end) else null end,
             (array['paypal','venmo','prepaid_card','check'])[1 + (g % 4)],
             (${piiArr})[1 + (g % 64)],
             (${payArr})[1 + (g % 64)],
             md5('e' || g), md5('p' || g), md5('n' || g),
             case when st in ('approved', 'denied') then 'verified' else 'pending' end,
             case when st = 'denied' then (array['NO_CLASS_MATCH','DUPLICATE','FRAUD_SAME_PAYOUT_ACCOUNT'])[1 + (g % 3)] else null end,
             ts, ts
      from (
        select g, r,
          case when r < 0.40 then 'received' when r < 0.50 then 'under_review' when r < 0.58 then 'deficient'
               when r < 0.93 then 'approved' when r < 0.98 then 'denied' else 'withdrawn' end::claim_status as st,
          case when random() < 0.9 then 'web' when random() < 0.6 then 'mail' else 'import' end::channel as ch,
          case when random() < 0.12 then 'illinois' else 'nationwide' end as tier,
          timestamptz '${notice}T14:00:00Z' + (${span} * power(random(), 1.8)) * interval '1 day' as ts
        from (select g, random() as r from generate_series(${from}, ${to}) g) base
      ) x`);
    const done = to;
    const secs = (Date.now() - started) / 1000;
    log(`  loaded ${done.toLocaleString('en-US')} claims (${Math.round(done / secs).toLocaleString('en-US')}/s)`);
  }
  log(`  rebuilding ${idx.length} indexes…`);
  const t = Date.now();
  await handle.exec('set maintenance_work_mem = \'512MB\'');
  for (const i of idx) await handle.exec(i.indexdef);
  log(`  indexes rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s; analyzing`);
  await handle.exec('analyze');
}

const SEARCHABLE = 400;

/** Real claims (sealed with the settlement key) that searches look for; created once per database. */
async function loadSearchable(handle: Handle, s: Settlement, create: boolean): Promise<Searchable[]> {
  const db = handle.db;
  const key = await settlementKey(db, s.id);
  const people: (Searchable & { pii: ClaimPii })[] = Array.from({ length: SEARCHABLE }, (_, i) => {
    const first = `Bench${i}`;
    const last = `Searchable${(i * 7919) % 1000}`;
    const phone = `+1312720${String(1000 + i).padStart(4, '0')}`;
    const email = `bench.person${i}@example.com`;
    return { claimId: '', email, phone, name: `${first} ${last}`, pii: { firstName: first, lastName: last, email, phone, usernames: [], city: 'Chicago', state: 'IL' } };
  });
  if (create) {
    const ids = people.map(() => newPublicId(CLAIM_PREFIX, (k) => randomBytes(1)[0] % k));
    await db.insert(claims).values(
      people.map((p, i) => ({
        settlementId: s.id,
        claimId: ids[i],
        claimRef: `bench-${i}`,
        tier: 'nationwide',
        submittedAt: new Date(`${s.config.dates.noticeDate}T15:00:00Z`),
        ...sealClaim(key, p.pii, { method: 'check' }),
      })),
    );
    await handle.exec('analyze claims');
  }
  const rows = rowsOf<{ claim_id: string; claim_ref: string }>(
    await db.execute(sql`select claim_id, claim_ref from claims where settlement_id = ${s.id} and claim_ref like 'bench-%'`),
  );
  const byRef = new Map(rows.map((r) => [r.claim_ref, r.claim_id]));
  return people.map((p, i) => ({ claimId: byRef.get(`bench-${i}`)!, email: p.email, phone: p.phone, name: p.name }));
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function timeSamples(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; max: number; n: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], n };
}

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
