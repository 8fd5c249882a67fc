/**
 * `bench/verify.ts`: batch verification (lib/verification/batch.ts) of M claims against N class-list
 * records on PostgreSQL, beside a baseline — one plain SQL join of the claims' identifier hashes to the
 * class list's hash columns, in the same database. Then the incremental re-run with 1% of the claims
 * changed, and a no-op run. Peak RSS of this process (the batch runs here).
 *
 *   npx tsx bench/verify.ts [--claims 100000] [--records 1000000] [--db fs_verify_bench]
 *
 * The data is built directly with SQL (generate_series; hash columns filled with deterministic values,
 * one sealed pii blob shared by every row), so the bench depends on nothing but the schema:
 * 95% of claims match by e-mail (half of them also carry a second username), 1% are a second claim on a
 * record another claim holds (conflicts), 2% match nothing but share a ZIP block (the fuzzy path, which
 * opens pii), the rest match by username only.
 */
import { sql } from 'drizzle-orm';
import { openDb, rowsOf } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import { encryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { runVerification } from '@/lib/verification/batch';
import { freshDatabase } from './claim-action';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const M = arg('claims', 100_000);
const N = arg('records', 1_000_000);
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const secs = (t: number) => (performance.now() - t) / 1000;

// --db NAME: a second run beside another needs its own database (freshDatabase drops the one it names).
const dbi = process.argv.indexOf('--db');
const url = await freshDatabase(dbi > 0 ? process.argv[dbi + 1] : 'fs_verify_bench');
const h = await openDb({ url, migrate: true });
const db = h.db;
const s = (await ensureDemo(db, { classSize: 2, sampleClaims: false })).settlement;
const key = await settlementKey(db, s.id);
const claimPii = encryptJson(key, { firstName: 'Pat', lastName: 'Bench', email: 'pat@example.org', usernames: ['pat'], street: '1 Main St', zip: '60601' }, 'claims.pii');
const recordPii = encryptJson(key, { firstName: 'Sam', lastName: 'Other', street: '9 Elm Ave', zip: '60601' }, 'class_members.pii');
await db.execute(sql`delete from class_members where settlement_id = ${s.id}`);

let t = performance.now();
await db.execute(sql`
  insert into class_members (settlement_id, record_id, email_hash, phone_hash, username_hash, name_zip_hash, address_hash, zip_hash, pii, attributes)
  select ${s.id}::uuid, 'R' || i, 'e' || i, 'p' || i, 'u' || i, 'nz' || i, 'a' || i, 'z' || (i % 20000), ${recordPii},
         jsonb_build_object('created_video_in_illinois', i % 7 = 0, 'months_active', i % 60)
  from generate_series(1, ${N}) i`);
await h.exec('analyze class_members');
console.log(`class list: ${N.toLocaleString('en-US')} records in ${secs(t).toFixed(1)} s`);

t = performance.now();
// Claim i → record r(i): a stride through the class list; claims 1..1% reuse the record of claim i + M/2 (duplicates).
await db.execute(sql`
  insert into claims (settlement_id, claim_id, status, channel, tier, requested_tier, payment_method, pii, payment, email_hash, attestations, submitted_at)
  select ${s.id}::uuid, 'CL-B' || i, 'received', 'import', 'nationwide', 'nationwide', 'check', ${claimPii}, ${claimPii}, 'c' || i,
         case when i % 10 = 0 then array['illinois_resident'] else '{}'::text[] end, now()
  from generate_series(1, ${M}) i`);
await db.execute(sql`
  with c as (select id, row_number() over (order by id) as i from claims where settlement_id = ${s.id}),
  r as (select id, i, case when i <= ${Math.floor(M / 100)} then ((i + ${Math.floor(M / 2)}) * 7) % ${N} + 1 else (i * 7) % ${N} + 1 end as rec from c)
  insert into claim_identifiers (claim_pk, settlement_id, kind, hash)
  select id, ${s.id}::uuid, 'email', case when i % 50 = 1 then 'x' || i when i % 20 = 3 then 'nomatch' || i else 'e' || rec end from r
  union all select id, ${s.id}::uuid, 'username', 'u' || rec from r where i % 50 <> 1 and (i % 2 = 0 or i % 20 = 3)
  union all select id, ${s.id}::uuid, 'username', 'other' || i from r where i % 2 = 0
  union all select id, ${s.id}::uuid, 'zip', 'z' || (rec % 20000) from r
  union all select id, ${s.id}::uuid, 'name_zip', 'nzc' || i from r`);
await db.execute(sql`insert into claim_match_state (claim_pk, settlement_id, identifiers_at) select id, settlement_id, now() - interval '1 minute' from claims where settlement_id = ${s.id}`);
await h.exec('analyze claims; analyze claim_identifiers; analyze claim_match_state');
console.log(`claims: ${M.toLocaleString('en-US')} with identifiers in ${secs(t).toFixed(1)} s`);

// Baseline: one plain SQL join of claim hashes to class-list hashes (strong identifiers), counted.
t = performance.now();
const [base] = rowsOf<{ n: number }>(
  await db.execute(sql`select count(*)::int as n from (
    select ci.claim_pk, m.record_id from claim_identifiers ci join class_members m on m.settlement_id = ci.settlement_id and m.email_hash = ci.hash where ci.settlement_id = ${s.id} and ci.kind = 'email'
    union all
    select ci.claim_pk, m.record_id from claim_identifiers ci join class_members m on m.settlement_id = ci.settlement_id and m.username_hash = ci.hash where ci.settlement_id = ${s.id} and ci.kind = 'username') x`),
);
const baseline = secs(t);
console.log(`baseline join: ${base.n.toLocaleString('en-US')} candidate pairs in ${baseline.toFixed(2)} s`);

const progressEvery = Math.max(1, Math.floor(M / 10));
let lastTick = 0;
t = performance.now();
const full = await runVerification(db, s, {
  actor: 'bench',
  onProgress: (done) => {
    if (done - lastTick >= progressEvery) {
      lastTick = done;
      process.stderr.write(`  ${done.toLocaleString('en-US')} / ${M.toLocaleString('en-US')} (${secs(t).toFixed(0)} s)\n`);
    }
  },
});
const fullS = secs(t);
console.log(`full run: ${full.checked.toLocaleString('en-US')} checked, ${full.changed.toLocaleString('en-US')} changed in ${fullS.toFixed(1)} s (${Math.round(M / fullS).toLocaleString('en-US')} claims/s; ${(fullS / baseline).toFixed(1)}× the baseline join); by status ${JSON.stringify(full.byStatus)}; peak RSS ${rss()} MB`);

// Incremental: 1% of claims get a changed identifier.
await db.execute(sql`update claim_match_state set identifiers_at = now() + interval '1 second' where settlement_id = ${s.id} and claim_pk % 100 = 0`);
t = performance.now();
const inc = await runVerification(db, s, { actor: 'bench', now: new Date(Date.now() + 2000) });
const incS = secs(t);
console.log(`incremental (1% changed): ${inc.checked.toLocaleString('en-US')} checked, ${inc.changed} changed in ${incS.toFixed(1)} s; peak RSS ${rss()} MB`);

t = performance.now();
const noop = await runVerification(db, s, { actor: 'bench', now: new Date(Date.now() + 4000) });
console.log(`no-op run: ${noop.checked} checked, ${noop.changed} changed in ${secs(t).toFixed(1)} s`);
await h.close();
