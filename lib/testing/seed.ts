import type { Queryable } from '@/db/client';
import { claims, objections, optOuts } from '@/db/schema';
import { CLAIM_PREFIX, newPublicId, OBJECTION_PREFIX, OPT_OUT_PREFIX } from '@/lib/claims/claim-id';
import { sealClaim, type ClaimPii } from '@/lib/claims/seal';
import { encryptBytes, encryptJson, keyedHash } from '@/lib/privacy/crypto';
import { normaliseEmail } from '@/lib/privacy/normalise';
import { settlementKey } from '@/lib/privacy/keys';
import { OBJECTION_DOCUMENT, OBJECTION_PII, OPT_OUT_PII, type ObjectionPii, type OptOutPii } from '@/lib/filings/sealed';

/**
 * Test and demo fixtures: claims, opt-outs and objections written exactly as intake writes them
 * (sealed personal data, keyed hashes), so the console and reports read realistic rows.
 */

export type ClaimSeed = Partial<ClaimPii> & {
  status?: (typeof claims.$inferInsert)['status'];
  tier?: string;
  channel?: 'web' | 'mail' | 'import';
  late?: boolean;
  units?: number | null;
  submittedAt?: Date;
  decisionReason?: string;
  decision?: string;
  verificationStatus?: string;
  configVersion?: number;
};

export async function seedClaims(db: Queryable, settlementId: string, seeds: ClaimSeed[]): Promise<{ id: number; claimId: string; channel: string; submittedAt: Date }[]> {
  const key = await settlementKey(db, settlementId);
  const out: { id: number; claimId: string; channel: string; submittedAt: Date }[] = [];
  for (let i = 0; i < seeds.length; i += 500) {
    const values = seeds.slice(i, i + 500).map((s, j) => {
      const n = i + j;
      const pii: ClaimPii = {
        firstName: s.firstName ?? `First${n}`,
        lastName: s.lastName ?? `Last${n}`,
        email: s.email ?? `claimant${n}@example.com`,
        phone: s.phone,
        city: s.city ?? 'Chicago',
        state: s.state ?? 'IL',
        zip: s.zip,
        usernames: s.usernames ?? [],
      };
      return {
        settlementId,
        claimId: newPublicId(CLAIM_PREFIX),
        status: s.status ?? 'received',
        channel: s.channel ?? 'web',
        late: s.late ?? false,
        tier: s.tier ?? 'nationwide',
        requestedTier: s.tier ?? 'nationwide',
        units: s.units ?? null,
        decisionReason: s.decisionReason ?? null,
        decision: s.decision ?? null,
        verificationStatus: s.verificationStatus ?? 'pending',
        configVersion: s.configVersion ?? null,
        submittedAt: s.submittedAt ?? new Date(),
        ...sealClaim(key, pii, { method: 'paypal', email: pii.email }),
      };
    });
    out.push(...(await db.insert(claims).values(values).returning({ id: claims.id, claimId: claims.claimId, channel: claims.channel, submittedAt: claims.submittedAt })));
  }
  return out;
}

export async function seedOptOut(db: Queryable, settlementId: string, pii: OptOutPii, opts: { late?: boolean; submittedAt?: Date } = {}): Promise<string> {
  const key = await settlementKey(db, settlementId);
  const requestId = newPublicId(OPT_OUT_PREFIX);
  await db.insert(optOuts).values({
    settlementId,
    requestId,
    pii: encryptJson(key, pii, OPT_OUT_PII),
    emailHash: keyedHash(key, 'email', normaliseEmail(pii.email ?? `${requestId}@example.com`)),
    late: opts.late ?? false,
    submittedAt: opts.submittedAt ?? new Date(),
  });
  return requestId;
}

export async function seedObjection(
  db: Queryable,
  settlementId: string,
  pii: ObjectionPii,
  opts: { late?: boolean; willAppear?: boolean; document?: { name: string; bytes: Buffer; type?: string } } = {},
): Promise<string> {
  const key = await settlementKey(db, settlementId);
  const objectionId = newPublicId(OBJECTION_PREFIX);
  await db.insert(objections).values({
    settlementId,
    objectionId,
    pii: encryptJson(key, pii, OBJECTION_PII),
    emailHash: keyedHash(key, 'email', normaliseEmail(pii.email ?? `${objectionId}@example.com`)),
    hasCounsel: Boolean(pii.counselName),
    willAppear: opts.willAppear ?? false,
    late: opts.late ?? false,
    document: opts.document ? encryptBytes(key, opts.document.bytes, OBJECTION_DOCUMENT) : null,
    documentName: opts.document?.name ?? null,
    documentType: opts.document ? (opts.document.type ?? 'application/pdf') : null,
    documentBytes: opts.document?.bytes.length ?? null,
  });
  return objectionId;
}
