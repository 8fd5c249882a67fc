import os from 'node:os';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { countClaims, decodeCursor, listClaims, searchClaims } from '@/lib/claims/search';
import { getClaimDetail } from '@/lib/claims/detail';
import { loadDashboard } from '@/lib/dashboard/service';
import { readClaimStats, totalsOf } from '@/lib/dashboard/stats';
import { argValue, openBenchDb, timeSamples } from './load';

/**
 * Dashboard and claim-search latency at scale (QUALITY.md: p95 ≤ 300 ms at 10M claims), beside plain
 * baselines: a `count(*) … group by` over the claims (what the dashboard would cost without the
 * aggregates) and the bare indexed lookup under each search. Prints figures; asserts nothing.
 *
 *   npm run bench:dashboard -- [--claims 10000000] [--samples 200] [--reuse]
 */
const claims = Number(argValue('claims', '10000000'));
const samples = Number(argValue('samples', '200'));
const reuse = process.argv.includes('--reuse');

const t0 = Date.now();
process.stderr.write(`bench database: ${reuse ? 'reusing if present' : 'fresh'}; ${claims.toLocaleString('en-US')} claims\n`);
const { handle, settlement: s, searchable, loaded } = await openBenchDb({ claims, reuse, name: argValue('db', 'fairshare_bench_dash') });
const db = handle.db;
const loadSecs = (Date.now() - t0) / 1000;
const [{ n }] = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from claims where settlement_id = ${s.id}`));
process.stderr.write(`${Number(n).toLocaleString('en-US')} claims present${loaded ? `, loaded in ${loadSecs.toFixed(0)} s` : ''}\n`);

// The aggregates must agree with a direct count, or the latency figures mean nothing.
const direct = rowsOf<{ status: string; c: string }>(await db.execute(sql`select status, count(*) as c from claims where settlement_id = ${s.id} group by 1`));
const totals = totalsOf(await readClaimStats(db, s.id), s.config);
const agree = direct.every((d) => totals.byStatus[d.status as keyof typeof totals.byStatus] === Number(d.c)) && totals.total === Number(n);

const rows: { work: string; p50: number; p95: number; max: number; n: number; baseline?: string }[] = [];
const add = (work: string, r: { p50: number; p95: number; max: number; n: number }, baseline?: string) => {
  rows.push({ work, ...r, baseline });
  process.stderr.write(`  ${work}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms\n`);
};

await loadDashboard(db, s); // warm the cache the way a running server is warm
add('dashboard (all figures, timeline, per-day series)', await timeSamples(samples, () => loadDashboard(db, s)));
const baseline = await timeSamples(5, () =>
  db.execute(sql`select (submitted_at at time zone 'America/New_York')::date, status, tier, channel, late, count(*) from claims where settlement_id = ${s.id} group by 1, 2, 3, 4, 5`),
);
add('baseline: count(*) group by day, status, tier, channel over claims', baseline);

const pick = (i: number) => searchable[(i * 37) % searchable.length];
const hits: Record<string, number> = {};
const search = (kind: string, q: (i: number) => string) => async (i: number) => {
  const r = await searchClaims(db, s, q(i));
  if (r.items.some((x) => x.claimId === pick(i).claimId)) hits[kind] = (hits[kind] ?? 0) + 1;
};
add('search by claim ID', await timeSamples(samples, search('claim ID', (i) => pick(i).claimId.toLowerCase().replaceAll('-', ' '))));
add('search by e-mail', await timeSamples(samples, search('e-mail', (i) => pick(i).email.toUpperCase())));
add('search by name', await timeSamples(samples, search('name', (i) => pick(i).name)));
add('search by phone', await timeSamples(samples, search('phone', (i) => `(312) 720-${pick(i).phone.slice(-4)}`)));
add('baseline: select by email_hash (index lookup, no decryption)', await timeSamples(samples, (i) =>
  db.execute(sql`select id, claim_id, status from claims where settlement_id = ${s.id} and email_hash = ${'x' + i} limit 50`),
));
add('claims list, newest 50 with the exact total', await timeSamples(samples, () => listClaims(db, s)));
const second = (await listClaims(db, s)).older;
add('claims list, next page (keyset)', await timeSamples(samples, () => listClaims(db, s, { after: decodeCursor(second) })));
add('claims list, oldest page', await timeSamples(samples, () => listClaims(db, s, { last: true })));
add('claims list, status = deficient, newest 50', await timeSamples(samples, () => listClaims(db, s, { status: 'deficient' })));
add('claims list, tier + channel filter', await timeSamples(samples, () => listClaims(db, s, { tier: 'illinois', channel: 'mail' })));
add('claims list, one week (date range)', await timeSamples(samples, () => listClaims(db, s, { from: '2022-01-03', to: '2022-01-09' })));
add('claims list total alone (claim_stats)', await timeSamples(samples, () => countClaims(db, s, {})));
add('baseline: count(*) of the settlement\'s claims (what the total costs without claim_stats)', await timeSamples(5, () =>
  db.execute(sql`select count(*) from claims where settlement_id = ${s.id}`),
));
add('claim detail (history, audit)', await timeSamples(samples, (i) => getClaimDetail(db, s, pick(i).claimId)));

const found = Object.entries(hits).map(([k, v]) => `${k} ${v}/${samples}`).join(', ');

console.log(`\n## Dashboard and search — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
console.log(`PostgreSQL, ${Number(n).toLocaleString('en-US')} claims in one settlement; ${samples} samples each; aggregates agree with count(*): ${agree ? 'yes' : 'NO'}; searches that found their claim: ${found}\n`);
console.log('| work | p50 ms | p95 ms | max ms | samples |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.work} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.n} |`);
const dash = rows[0];
console.log(`\nDashboard p95 is ${(dash.p95 / baseline.p50).toFixed(4)}× the plain group-by's p50 (${(baseline.p50 / dash.p95).toFixed(0)}× faster).`);
await handle.close();
