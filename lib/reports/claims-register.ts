import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import type { Settlement } from '@/lib/settlements/service';
import { readClaimStats, totalsOf } from '@/lib/dashboard/stats';
import { captionOf, count, type Declarant, type Report, type Row } from './types';

/**
 * The claims register: one row per claim with its status and no personal data, for counsel and the
 * court to check the declaration's figures. It is the large report (every claim), so pages are read
 * with raw SQL (no ORM row mapping) in id order, 10,000 at a time.
 */
export async function buildClaimsRegister(db: Queryable, s: Settlement, declarant: Declarant, now = new Date(), pageSize = 10_000): Promise<Report> {
  const totals = totalsOf(await readClaimStats(db, s.id), s.config);
  return {
    kind: 'claims',
    title: 'Register of Claims Received',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: s.config.dates.timeZone,
    sections: [
      {
        heading: 'Claims register',
        paragraphs: [`Every claim received (${count(totals.total)}), by claim ID, without personal data.`],
        figures: [{ label: 'Claims', value: totals.total }],
      },
    ],
    columns: [
      { key: 'claim_id', header: 'Claim ID' },
      { key: 'status', header: 'Status' },
      { key: 'tier', header: 'Tier' },
      { key: 'units', header: 'Units', align: 'right' },
      { key: 'channel', header: 'Channel' },
      { key: 'late', header: 'Late' },
      { key: 'verification_status', header: 'Verification' },
      { key: 'decision_reason', header: 'Decision reason' },
      { key: 'payment_method', header: 'Payment method' },
      { key: 'submitted_at', header: 'Submitted at (UTC)' },
    ],
    pages: async function* () {
      const fetchPage = async (after: number) =>
        rowsOf<Row & { id: string | number }>(
          await db.execute(sql`
            select id, claim_id, status, tier, units, channel, late, verification_status, decision_reason, payment_method,
                   to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as submitted_at
            from claims where settlement_id = ${s.id} and id > ${after} order by id limit ${pageSize}`),
        );
      // The next page is requested before this one is rendered, so the database works while we encode.
      let pending = fetchPage(0);
      for (;;) {
        const page = await pending;
        if (page.length === 0) return;
        pending = page.length < pageSize ? Promise.resolve([]) : fetchPage(Number(page[page.length - 1].id));
        yield page;
      }
    },
    formats: ['csv', 'json'],
    declarant,
  };
}
