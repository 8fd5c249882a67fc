import type { Db } from '@/db/client';
import { claimDecisions, claimEvents, claimVerifications, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { assertTransition, type ClaimStatus } from '@/lib/claims/lifecycle';
import { decisionNote, REVIEW_NOTE, WITHDRAW_NOTE } from '@/lib/claims/review';
import type { DecisionKind } from '@/lib/claims/transition';
import { addDays, localDate } from '@/lib/settlements/deadlines';
import { unitsFor } from '@/lib/verification/tier';
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
const INFO = {
  attestation: { code: 'ATTESTATION_UNSUPPORTED', message: 'The records do not show videos created in Illinois; send proof of Illinois residence or accept the Nationwide share.' },
  identifier: { code: 'IDENTIFIER_MISMATCH', message: 'We could not find your account; give the e-mail, phone or username you used with the app.' },
};
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
  // The claims are written as the use cases write them — intake (the claim as filed, its "received" step,
  // its claim.file audit row), then the review step each one reached (lib/claims/review.ts: the timeline
  // step, the verification and decision rows, the open deficiency of a request for information, the audit
  // row) — but set-based: one insert per table and batch instead of one per claim, because every
  // statement that changes claims fires the claim_stats trigger. Each move is checked against the
  // lifecycle; fairshare doctor checks that the rows agree (lib/claims/doctor.test.ts).
  const timely = seeds.filter((x) => x.submittedAt!.getTime() <= today.getTime());
  const tierOf = (key: string | undefined) => s.config.tiers.find((t) => t.key === key) ?? s.config.tiers[0];
  const plan = timely.map((x, j) => {
    const target = x.status as ClaimStatus;
    if (target !== 'received') assertTransition('received', target);
    const decision: DecisionKind | null = target === 'approved' ? 'approve' : target === 'denied' ? 'deny' : target === 'deficient' ? 'request_info' : null;
    const info = target === 'deficient' ? (x.tier === 'illinois' && j % 2 === 1 ? INFO.attestation : INFO.identifier) : null;
    const tier = tierOf(x.tier);
    return {
      target,
      decision,
      info,
      reasonCodes: decision === 'deny' ? [x.decisionReason ?? 'NO_CLASS_MATCH'] : info ? [info.code] : [],
      units: target === 'approved' ? unitsFor(tier, null) : null,
      later: new Date(Math.min(today.getTime(), x.submittedAt!.getTime() + (1 + (j % 9)) * 86_400_000)),
    };
  });
  const filed = await seedClaims(
    db,
    s.id,
    timely.map((x, j) => ({
      ...x,
      units: plan[j].units,
      decision: plan[j].decision ?? undefined,
      decisionReason: plan[j].reasonCodes.length && plan[j].decision ? plan[j].reasonCodes.join(';') : undefined,
      verificationStatus: plan[j].target === 'approved' ? 'matched' : 'pending',
      configVersion: plan[j].target === 'approved' ? s.configVersion : undefined,
    })),
  );
  const intakeActor = (channel: string) => (channel === 'web' ? 'claimant' : `system:${channel}`);
  for (let i = 0; i < filed.length; i += 250) {
    const idx = filed.slice(i, i + 250).map((_, k) => i + k);
    await db.transaction(async (tx) => {
      await tx.insert(claimEvents).values(
        idx.flatMap((j) => {
          const f = filed[j];
          const p = plan[j];
          const received = { settlementId: s.id, claimPk: f.id, status: 'received' as const, actor: intakeActor(f.channel), note: 'Claim received.', at: f.submittedAt };
          if (p.target === 'received') return [received];
          const note = p.decision ? decisionNote(p.decision, p.info?.message) : p.target === 'withdrawn' ? WITHDRAW_NOTE : REVIEW_NOTE;
          return [received, { settlementId: s.id, claimPk: f.id, status: p.target, actor: p.target === 'withdrawn' ? 'claimant' : REVIEWER, note, at: p.later }];
        }),
      );
      const approved = idx.filter((j) => plan[j].target === 'approved');
      if (approved.length)
        await tx.insert(claimVerifications).values(
          approved.map((j) => ({
            settlementId: s.id, claimPk: filed[j].id, status: 'matched', matchedRecordId: null, via: null, reasonCodes: [],
            configVersion: s.configVersion, tier: tierOf(timely[j].tier).key, units: plan[j].units, trigger: 'verify', actor: 'system:demo', at: plan[j].later,
          })),
        );
      const decided = idx.filter((j) => plan[j].decision);
      if (decided.length)
        await tx.insert(claimDecisions).values(
          decided.map((j) => ({ settlementId: s.id, claimPk: filed[j].id, decision: plan[j].decision!, reasonCodes: plan[j].reasonCodes, decidedBy: REVIEWER, at: plan[j].later })),
        );
      const deficient = idx.filter((j) => plan[j].info);
      if (deficient.length)
        await tx.insert(deficiencies).values(
          deficient.map((j) => ({
            settlementId: s.id, claimPk: filed[j].id, code: plan[j].info!.code, message: plan[j].info!.message,
            cureBy: addDays(localDate(plan[j].later, s.config.dates.timeZone), s.config.dates.cureDays), createdAt: plan[j].later,
          })),
        );
      for (const j of idx) {
        const f = filed[j];
        const p = plan[j];
        await appendAudit(tx, {
          settlementId: s.id, actor: intakeActor(f.channel), action: 'claim.file', targetType: 'claim', targetId: f.claimId,
          details: { status: 'received', tier: timely[j].tier, late: false, verification: 'pending', deficiencies: [], demo: true },
        });
        if (p.target === 'under_review') await appendAudit(tx, { settlementId: s.id, actor: REVIEWER, action: 'claim.review.start', targetType: 'claim', targetId: f.claimId });
        else if (p.target === 'withdrawn') await appendAudit(tx, { settlementId: s.id, actor: 'claimant', action: 'claim.withdraw', targetType: 'claim', targetId: f.claimId, details: { from: 'received' } });
        else if (p.decision)
          await appendAudit(tx, {
            settlementId: s.id, actor: REVIEWER, action: `claim.decision.${p.decision}`, targetType: 'claim', targetId: f.claimId,
            details: { from: 'received', to: p.target, reasonCodes: p.reasonCodes, secondApprover: null },
          });
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
