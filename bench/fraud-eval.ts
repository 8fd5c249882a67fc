/**
 * bench/fraud-eval: measures fraud detection against planted, labelled fraud. For each seed: `fairshare
 * generate` data (lib/generate: payout rings, Gmail dot/plus variants, unit variants, bot bursts,
 * disposable e-mails, people not in the class, duplicate claims of real members; and honest look-alikes:
 * households sharing a PayPal account and Wi-Fi, typos, e-mail case and Gmail variants), then the real
 * pipeline on PostgreSQL — class-list import, claims import, `verify`, `fraud score` — and the results
 * compared with labels.csv: precision, recall and F1 for "flagged" (review or recommend_deny) and for
 * "recommend deny", per fraud kind, and the number of honest claims recommended for denial.
 *
 *   npx tsx bench/fraud-eval.ts [--claims 20000] [--fraud-rate 0.05] [--seeds a,b,c] [--members-per-claim 2] [--db fa_fraud_eval]
 *
 * Targets (issue 8): on 100k claims with 5% fraud, flag precision ≥ 0.95, recall ≥ 0.90, and zero honest
 * claims recommended for denial. Exits 1 when a target is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { openDb, rowsOf } from '@/db/client';
import { importClaims } from '@/lib/claims/import';
import { importClassList } from '@/lib/classlist/import';
import { runFraudScoring } from '@/lib/fraud/run';
import { generateDataset } from '@/lib/generate/write';
import { fraudKinds } from '@/lib/generate/model';
import { createSettlement } from '@/lib/settlements/service';
import { runVerification } from '@/lib/verification/batch';
import { freshDatabase } from './claim-action';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const CLAIMS = Number(arg('claims', '20000'));
const RATE = Number(arg('fraud-rate', '0.05'));
const SEEDS = arg('seeds', 'eval-1,eval-2,eval-3').split(',');
const PER = Number(arg('members-per-claim', '2'));
const DB = arg('db', 'fa_fraud_eval');
process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');

type Pr = { tp: number; fp: number; fn: number };
const pr = (): Pr => ({ tp: 0, fp: 0, fn: 0 });
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const metrics = (m: Pr) => {
  const precision = ratio(m.tp, m.tp + m.fp);
  const recall = ratio(m.tp, m.tp + m.fn);
  return { precision: +precision.toFixed(4), recall: +recall.toFixed(4), f1: +(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)).toFixed(4) };
};

const tiktok = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/settlements/tiktok.json'), 'utf8'));
const results: Record<string, unknown>[] = [];
let missed = false;

for (const seed of SEEDS) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `fa-fraud-eval-${seed}-`));
  const t0 = performance.now();
  await generateDataset({ classMembers: CLAIMS * PER, claims: CLAIMS, fraudRate: RATE, seed, out });
  // lib/generate gives some not_in_class check claims a payment handle, which the claims import rightly
  // rejects (a check goes to the street address): blank it, as a submitter fixing the file would.
  const claimsFile = path.join(out, 'claims.csv');
  const rows = parse(fs.readFileSync(claimsFile), { columns: true }) as Record<string, string>[];
  for (const r of rows) if (r.payment_method === 'check') r.payment_handle = '';
  fs.writeFileSync(claimsFile, stringify(rows, { header: true }));
  const url = await freshDatabase(DB);
  const h = await openDb({ url, migrate: true });
  const s = await createSettlement(h.db, { ...tiktok, slug: 'eval' }, 'bench');
  await importClassList(h.db, s, path.join(out, 'class_list.csv'), 'bench');
  await importClaims(h.db, s, claimsFile, 'bench', { now: new Date() });
  const t1 = performance.now();
  await runVerification(h.db, s, { actor: 'bench' });
  const t2 = performance.now();
  const timings: Record<string, number> = {};
  const counts = await runFraudScoring(h.db, s, { actor: 'bench', timings });
  const t3 = performance.now();

  const actions = new Map(
    rowsOf<{ claim_ref: string; fraud_action: string; fraud_reasons: string[] }>(
      await h.db.execute(sql`select claim_ref, fraud_action, fraud_reasons from claims where settlement_id = ${s.id}`),
    ).map((r) => [r.claim_ref, r]),
  );
  const labels = parse(fs.readFileSync(path.join(out, 'labels.csv')), { columns: true }) as { claim_ref: string; is_fraud: string; fraud_kind: string; honest_variation: string }[];
  const flag = pr();
  const deny = pr();
  const perKind: Record<string, { n: number; flagged: number; denied: number }> = Object.fromEntries(fraudKinds.map((k) => [k, { n: 0, flagged: 0, denied: 0 }]));
  const honestFlaggedBy: Record<string, number> = {};
  const honestDenied: string[] = [];
  for (const l of labels) {
    const r = actions.get(l.claim_ref);
    if (!r) throw new Error(`claim ${l.claim_ref} was not imported`);
    const flagged = r.fraud_action === 'review' || r.fraud_action === 'recommend_deny';
    const denied = r.fraud_action === 'recommend_deny';
    const fraud = l.is_fraud === 'true';
    if (fraud) {
      perKind[l.fraud_kind].n++;
      if (flagged) perKind[l.fraud_kind].flagged++;
      if (denied) perKind[l.fraud_kind].denied++;
    } else if (flagged) {
      const key = `${r.fraud_reasons.join('+')} (${l.honest_variation || 'plain'})`;
      honestFlaggedBy[key] = (honestFlaggedBy[key] ?? 0) + 1;
      if (denied) honestDenied.push(`${l.claim_ref}: ${r.fraud_reasons.join('+')} (${l.honest_variation})`);
    }
    flag.tp += +(fraud && flagged);
    flag.fp += +(!fraud && flagged);
    flag.fn += +(fraud && !flagged);
    deny.tp += +(fraud && denied);
    deny.fp += +(!fraud && denied);
    deny.fn += +(fraud && !denied);
  }
  const f = metrics(flag);
  const result = {
    seed,
    claims: CLAIMS,
    classMembers: CLAIMS * PER,
    fraudRate: RATE,
    fraud: labels.filter((l) => l.is_fraud === 'true').length,
    flagged: { ...f, ...flag },
    recommendDeny: { ...metrics(deny), ...deny },
    honestRecommendedForDenial: honestDenied.length,
    perKind: Object.fromEntries(Object.entries(perKind).map(([k, v]) => [k, { n: v.n, flagRecall: +ratio(v.flagged, v.n).toFixed(3), denyRecall: +ratio(v.denied, v.n).toFixed(3) }])),
    honestFlaggedBy,
    honestDeniedSample: honestDenied.slice(0, 5),
    clusters: counts.clusters,
    seconds: { generateAndImport: +((t1 - t0) / 1000).toFixed(1), verify: +((t2 - t1) / 1000).toFixed(1), fraudScore: +((t3 - t2) / 1000).toFixed(1), fraudStages: timings },
  };
  results.push(result);
  console.log(JSON.stringify(result, null, 2));
  if (f.precision < 0.95 || f.recall < 0.9 || honestDenied.length > 0) missed = true;
  await h.close();
  fs.rmSync(out, { recursive: true, force: true });
}

console.log(
  '\nseed | claims | fraud | flag P | flag R | flag F1 | deny P | deny R | honest denied\n' +
    results
      .map((r) => {
        const x = r as { seed: string; claims: number; fraud: number; flagged: ReturnType<typeof metrics>; recommendDeny: ReturnType<typeof metrics>; honestRecommendedForDenial: number };
        return `${x.seed} | ${x.claims} | ${x.fraud} | ${x.flagged.precision} | ${x.flagged.recall} | ${x.flagged.f1} | ${x.recommendDeny.precision} | ${x.recommendDeny.recall} | ${x.honestRecommendedForDenial}`;
      })
      .join('\n'),
);
process.exitCode = missed ? 1 : 0;
