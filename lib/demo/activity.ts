import type { Db } from '@/db/client';
import { claimEvents } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { decideClaimIn, startReviewIn, withdrawClaimIn } from '@/lib/claims/review';
import { recordVerification, type ClaimHandle } from '@/lib/claims/transition';
import { unitsFor } from '@/lib/verification/tier';
import { addDays } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { seedClaims, seedObjection, seedOptOut, type ClaimSeed } from '@/lib/testing/seed';
import { seededRandom } from './random';

/**
 * Six weeks of synthetic activity for the demo console: ~900 claims arriving in the wave after notice,
 * in every status, tier and channel, a few deficiencies, requests for exclusion and objections (one
 * with a document). Deterministic, so screenshots and walkthroughs look the same everywhere.
 */

const FIRST = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Isla', 'Mateo', 'Aaliyah', 'Kai', 'Sofia', 'Jamal', 'Mei', 'Diego'];
/** The demo's decisions are recorded as made by this reviewer (a demo staff account). */
const REVIEWER = 'staff:reviewer@fairshare.test';
const LAST = ['Johnson', 'Garcia', 'Nguyen', 'Patel', 'Kim', 'Okafor', 'Rossi', 'Cohen', 'Silva', 'Brown', 'Lopez', 'Walker'];

/** A one-page PDF standing in for an objector's letter. */
const LETTER = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj ' +
    '4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 72 700 Td (Objection to the proposed settlement) Tj ET\nendstream endobj ' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Times-Roman>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export async function seedDemoActivity(db: Db, s: Settlement, today = new Date()): Promise<void> {
  const r = seededRandom(2948);
  const notice = s.config.dates.noticeDate;
  const todayIso = today.toISOString().slice(0, 10);
  const days = Math.max(1, Math.round((Date.parse(todayIso) - Date.parse(notice)) / 86_400_000));
  const seeds: ClaimSeed[] = [];
  for (let d = 0; d <= days; d++) {
    // A wave after notice that halves every ten days, plus a steady trickle.
    const n = Math.round(60 * Math.pow(0.5, d / 10) + 6 + r.int(5));
    for (let i = 0; i < n; i++) {
      const x = r.next();
      const illinois = r.next() < 0.14;
      const status = x < 0.45 ? 'received' : x < 0.58 ? 'under_review' : x < 0.66 ? 'deficient' : x < 0.93 ? 'approved' : x < 0.98 ? 'denied' : 'withdrawn';
      seeds.push({
        firstName: r.pick(FIRST),
        lastName: r.pick(LAST),
        email: `demo.claimant${seeds.length}@example.com`,
        phone: `+1312720${String(seeds.length % 10000).padStart(4, '0')}`,
        tier: illinois ? 'illinois' : 'nationwide',
        status,
        units: status === 'approved' ? (illinois ? 6 : 1) : null,
        decisionReason: status === 'denied' ? r.pick(['NO_CLASS_MATCH', 'DUPLICATE', 'FRAUD_SAME_PAYOUT_ACCOUNT']) : undefined,
        channel: r.next() < 0.9 ? 'web' : r.next() < 0.6 ? 'mail' : 'import',
        submittedAt: new Date(`${addDays(notice, d)}T${String(13 + r.int(10)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:00Z`),
      });
    }
  }
  // Claims are written as intake writes them (as filed: received, the tier asked for, no units, the
  // "received" step and the claim.file audit row), then moved on through the real review use cases, so
  // the timeline, deficiencies, verification and decision rows and the audit log all agree with the
  // status counts (fairshare doctor checks it).
  const timely = seeds.filter((x) => x.submittedAt!.getTime() <= today.getTime());
  const targets = timely.map((x) => x.status!);
  const filed = await seedClaims(db, s.id, timely.map((x) => ({ ...x, status: 'received' as const, units: null, decisionReason: undefined })));
  for (let i = 0; i < filed.length; i += 200) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(i + 200, filed.length); j++) {
        const f = filed[j];
        const seed = timely[j];
        const at = f.submittedAt;
        const later = new Date(Math.min(today.getTime(), at.getTime() + (1 + (j % 9)) * 86_400_000));
        await tx.insert(claimEvents).values({ settlementId: s.id, claimPk: f.id, status: 'received', actor: f.channel === 'web' ? 'claimant' : `system:${f.channel}`, note: 'Claim received.', at });
        await appendAudit(tx, {
          settlementId: s.id,
          actor: f.channel === 'web' ? 'claimant' : `system:${f.channel}`,
          action: 'claim.file',
          targetType: 'claim',
          targetId: f.claimId,
          details: { status: 'received', tier: seed.tier, late: false, verification: 'pending', deficiencies: [], demo: true },
        });
        let c: ClaimHandle = { claimPk: f.id, settlementId: s.id, claimId: f.claimId, status: 'received' };
        const target = targets[j];
        if (target === 'under_review') c = await startReviewIn(tx, s, c, REVIEWER, later);
        else if (target === 'deficient') {
          const attestation = seed.tier === 'illinois' && j % 2 === 1;
          c = await decideClaimIn(
            tx,
            s,
            c,
            attestation
              ? { decision: 'request_info', reasonCodes: ['ATTESTATION_UNSUPPORTED'], message: 'The records do not show videos created in Illinois; send proof of Illinois residence or accept the Nationwide share.' }
              : { decision: 'request_info', reasonCodes: ['IDENTIFIER_MISMATCH'], message: 'We could not find your account; give the e-mail, phone or username you used with the app.' },
            REVIEWER,
            later,
          );
        } else if (target === 'approved') {
          const tier = s.config.tiers.find((t) => t.key === seed.tier) ?? s.config.tiers[0];
          await recordVerification(
            tx,
            c,
            { status: 'matched', matchedRecordId: null, via: null, reasonCodes: [], configVersion: s.configVersion, tier: tier.key, units: unitsFor(tier, null), trigger: 'verify' },
            'system:demo',
            later,
          );
          c = await decideClaimIn(tx, s, c, { decision: 'approve', reasonCodes: [] }, REVIEWER, later);
        } else if (target === 'denied') c = await decideClaimIn(tx, s, c, { decision: 'deny', reasonCodes: [seed.decisionReason ?? 'NO_CLASS_MATCH'] }, REVIEWER, later);
        else if (target === 'withdrawn') c = await withdrawClaimIn(tx, s, c, 'claimant', later);
      }
    });
  }
  for (let i = 0; i < 14; i++) {
    await seedOptOut(db, s.id, { firstName: r.pick(FIRST), lastName: r.pick(LAST), city: r.pick(['Chicago', 'Austin', 'Denver', 'Miami']), state: r.pick(['IL', 'TX', 'CO', 'FL']) }, { submittedAt: new Date(`${addDays(notice, 3 + i * 3)}T16:00:00Z`) });
  }
  await seedObjection(db, s.id, { firstName: 'Harriet', lastName: 'Objector', city: 'Springfield', state: 'IL', grounds: "The requested attorneys' fee of one third of the fund is too high for a case that settled early.\n\nIllinois members should receive more than six shares.", counselName: 'Morgan Lee', counselFirm: 'Lee & Partners LLP' }, { willAppear: true, document: { name: 'objection-letter.pdf', bytes: LETTER } });
  await seedObjection(db, s.id, { firstName: 'Tom', lastName: 'Critic', city: 'Austin', state: 'TX', grounds: 'The notice did not reach me until a friend told me about it.' });
  await seedObjection(db, s.id, { firstName: 'Priya', lastName: 'Rao', city: 'Denver', state: 'CO', grounds: 'The settlement does not require the company to delete the data it collected.' }, { willAppear: true });
}
