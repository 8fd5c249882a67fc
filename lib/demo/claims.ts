import type { Db } from '@/db/client';
import { fileClaim } from '@/lib/claims/file-claim';
import type { ClaimSubmission } from '@/lib/claims/schema';
import type { PaymentDetails } from '@/lib/claims/seal';
import type { Settlement } from '@/lib/settlements/service';
import type { demoClassList } from './service';
import { seededRandom } from './random';

export const DEMO_CLAIMS = 40;

/**
 * Sample claims filed through the real use case (fileClaim) over the weeks since notice, so the site
 * and dashboards have something to show: mostly verified Nationwide claims, the Illinois records'
 * owners claiming Illinois, a few unmatched usernames and unsupported Illinois statements (deficient).
 * Deterministic (seeded claim IDs and choices); members 0 and 1 stay free for the README examples.
 */
export async function seedDemoClaims(db: Db, settlement: Settlement, records: ReturnType<typeof demoClassList>, today: Date): Promise<void> {
  const r = seededRandom(2948);
  const methods = settlement.config.paymentMethods;
  for (let i = 0; i < DEMO_CLAIMS && records.length > 2; i++) {
    const m = records[2 + ((8 + i) % (records.length - 2))];
    const illinoisRecord = m.attributes.created_video_in_illinois === true;
    const unmatched = i % 10 === 3;
    const overclaims = !illinoisRecord && i % 11 === 4;
    const byNotice = !unmatched && i % 4 === 0;
    const email = unmatched ? `claimant${i}@example.net` : m.email!;
    const method = methods[i % methods.length];
    const payment: PaymentDetails =
      method === 'venmo' ? { method, phone: m.phone! }
      : method === 'zelle' ? { method, emailOrPhone: email }
      : method === 'ach' ? { method, routingNumber: '011000015', accountNumber: String(10_000_000 + i), accountType: 'checking' }
      : method === 'check' ? { method }
      : { method, email };
    const claim: ClaimSubmission = {
      filingFor: i % 17 === 6 ? 'minor' : 'self',
      firstName: m.firstName!,
      lastName: m.lastName!,
      guardianName: i % 17 === 6 ? `Pat ${m.lastName}` : undefined,
      street: m.street,
      city: m.city,
      state: m.state!,
      zip: m.zip!,
      email,
      phone: unmatched ? undefined : m.phone,
      usernames: unmatched ? [`${m.username}x${i}`] : byNotice ? [] : [m.username!],
      noticeId: byNotice ? m.noticeId : undefined,
      confirmationCode: byNotice ? m.confirmationCode : undefined,
      attestations: illinoisRecord || overclaims ? ['illinois_resident'] : [],
      payment,
      signature: `${m.firstName} ${m.lastName}`,
    };
    const daysAgo = Math.floor(((DEMO_CLAIMS - i) * 40) / DEMO_CLAIMS);
    const now = new Date(today.getTime() - daysAgo * 86_400_000 - r.int(36_000) * 1000);
    await fileClaim(
      db,
      settlement,
      claim,
      { idempotencyKey: `demo-claim-${i}`, ip: `203.0.113.${10 + (i % 200)}`, userAgent: 'Mozilla/5.0 (demo data)', deviceId: `demo-device-${i}`, formSeconds: 45 + r.int(240), channel: 'web' },
      { now, sendConfirmation: false, random: r.int },
    );
  }
}
