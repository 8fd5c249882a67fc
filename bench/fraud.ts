/**
 * bench/fraud: `fairshare fraud score` (lib/fraud/run.ts) on N claims on PostgreSQL — the full run, then
 * a re-run with nothing changed (incremental: it writes nothing), then one after 1% of claims changed —
 * and the peak RSS of this process (the run happens here). Target (issue 8): 1M claims ≤ 60 s.
 *
 *   npx tsx bench/fraud.ts [--claims 200000] [--unsealed-share 0.05] [--db fa_fraud_bench]
 *
 * The data is built with SQL (generate_series), like bench/verify.ts: keyed-hash columns filled with
 * deterministic values and one sealed pii blob shared by every row. Mix: 1% second claims for a record
 * and an e-mail, 1.5% in payout rings of three, 12.5% household pairs sharing a payout, 3% not in the
 * class list, 0.1% honeypots, 20% without a phone; `--unsealed-share` of the claims have no
 * claim_signals yet (imported), so the run opens their sealed data once.
 */
import { sql } from 'drizzle-orm';
import { openDb, rowsOf } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import { runFraudScoring } from '@/lib/fraud/run';
import { encryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { freshDatabase } from './claim-action';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('claims', 200_000);
const UNSEALED = arg('unsealed-share', 0.05);
const dbi = process.argv.indexOf('--db');
const secs = (t: number) => (performance.now() - t) / 1000;
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const rss = () => Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);

const url = await freshDatabase(dbi > 0 ? process.argv[dbi + 1] : 'fa_fraud_bench');
const h = await openDb({ url, migrate: true });
const db = h.db;
const s = (await ensureDemo(db, { classSize: 2, sampleClaims: false })).settlement;
const key = await settlementKey(db, s.id);
const pii = encryptJson(key, { firstName: 'Pat', lastName: 'Bench', email: 'pat@example.org', usernames: [], street: '1 Main St Apt 2', zip: '60601' }, 'claims.pii');
const payment = encryptJson(key, { method: 'paypal', email: 'pat@example.org' }, 'claims.payment');

let t = performance.now();
await db.execute(sql`
  insert into claims (settlement_id, claim_id, status, channel, tier, requested_tier, payment_method, pii, payment, email_hash, phone_hash, payment_hash,
    device_hash, form_seconds, honeypot, verification_status, submitted_at)
  select ${s.id}::uuid, 'CL-F' || i, 'received', 'web', 'nationwide', 'nationwide', 'paypal', ${pii}, ${payment},
    case when i % 100 = 0 then 'e' || (i - 1) else 'e' || i end,
    case when i % 5 = 0 then null when i % 100 = 0 then 'p' || (i - 1) else 'p' || i end,
    case when i % 200 < 3 then 'ring' || (i / 200) when i % 8 = 1 then 'pay' || (i - 1) else 'pay' || i end,
    'd' || i, 30 + i % 500, i % 1000 = 7,
    case when i % 100 between 40 and 42 then 'unmatched' else 'matched' end,
    timestamptz '2026-01-15 00:00Z' + (i * interval '8 seconds')
  from generate_series(1, ${N}) i`);
await db.execute(sql`
  insert into claim_match_state (claim_pk, settlement_id, identifiers_at, verified_at, status, record_id)
  select id, settlement_id, now(), now(), case when verification_status = 'unmatched' then 'not_found' else 'verified' end,
    case when verification_status = 'unmatched' then null when (substr(claim_id, 5)::int) % 100 = 0 then 'R' || (substr(claim_id, 5)::int - 1) else 'R' || substr(claim_id, 5) end
  from claims where settlement_id = ${s.id}`);
await db.execute(sql`
  insert into claim_signals (claim_pk, settlement_id, address_hash, building_hash, unit_hash, ip_net_hash, ua_hash, disposable_email)
  select id, settlement_id, 'a' || (i - (i % 8 = 1)::int), 'b' || (i - (i % 8 = 1)::int), null, 'n' || (i % 50000), 'ua' || (i % 7), i % 500 = 3
  from (select id, settlement_id, substr(claim_id, 5)::int as i from claims where settlement_id = ${s.id}) c
  where (i % 1000) >= ${Math.round(UNSEALED * 1000)}`);
await h.exec('analyze claims; analyze claim_match_state; analyze claim_signals');
console.log(`data: ${N.toLocaleString('en-US')} claims in ${secs(t).toFixed(1)} s`);

const timings: Record<string, number> = {};
const report = (label: string, c: Awaited<ReturnType<typeof runFraudScoring>>, seconds: number) =>
  console.log(
    `${label}: ${c.claimsScored.toLocaleString('en-US')} scored, ${c.changed.toLocaleString('en-US')} changed, ${c.signalsComputed.toLocaleString('en-US')} signals computed in ${seconds.toFixed(1)} s ` +
      `(${Math.round(N / seconds).toLocaleString('en-US')} claims/s); ${JSON.stringify(c.byAction)}; clusters ${JSON.stringify(c.clusters)}; stages ${JSON.stringify(timings)}; peak RSS ${rss()} MB`,
  );

t = performance.now();
const full = await runFraudScoring(db, s, { actor: 'bench', pageSize: 10_000, timings });
report('full run', full, secs(t));

t = performance.now();
const noop = await runFraudScoring(db, s, { actor: 'bench', pageSize: 10_000, timings });
report('re-run, nothing changed', noop, secs(t));

await db.execute(sql`update claims set form_seconds = 2 where settlement_id = ${s.id} and id % 100 = 0`);
t = performance.now();
const inc = await runFraudScoring(db, s, { actor: 'bench', pageSize: 10_000, timings });
report('re-run, 1% changed', inc, secs(t));
const [{ size }] = rowsOf<{ size: string }>(await db.execute(sql`select pg_size_pretty(pg_total_relation_size('claim_fraud')) as size`));
console.log(`claim_fraud: ${size}`);
clearInterval(sample);
await h.close();
