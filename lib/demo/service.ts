import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { classMembers, settlements } from '@/db/schema';
import { sealClassRecord, type ClassRecord } from '@/lib/classlist/members';
import { newNoticeCredentials, noticeColumns } from '@/lib/notices/codes';
import { settlementKey } from '@/lib/privacy/keys';
import { addDays, daysBetween } from '@/lib/settlements/deadlines';
import { createSettlement, findSettlement, type Settlement } from '@/lib/settlements/service';
import type { SettlementConfig } from '@/lib/settlements/config';
import { appendAudit } from '@/lib/audit/service';
import type { DemoPhaseKey } from './progress';
import { seededRandom } from './random';
import { seedDemoActivity } from './activity';
import { seedDemoClaims } from './claims';
import { DEMO_STAFF, ensureDemoStaff } from './staff';

export const DEMO_SLUG = 'tiktok';
const DEMO_FILE = path.join(process.cwd(), 'docs', 'settlements', 'tiktok.json');
/** The demo claim period opened this many days ago, so it is open today with weeks to go. */
const DAYS_SINCE_NOTICE = 45;

export function demoConfig(today = new Date()): SettlementConfig {
  const config = JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8')) as SettlementConfig;
  const shift = daysBetween(config.dates.noticeDate, addDays(today.toISOString().slice(0, 10), -DAYS_SINCE_NOTICE));
  const d = config.dates as Record<string, unknown>;
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) d[k] = addDays(v, shift);
  }
  config.documents = config.documents.map((doc) => (doc.date ? { ...doc, date: addDays(doc.date, shift) } : doc));
  return config;
}

const FIRST = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Isla', 'Mateo', 'Aaliyah', 'Kai', 'Sofia', 'Jamal', 'Mei', 'Diego', 'Priya', 'Owen'];
const LAST = ['Johnson', 'Garcia', 'Nguyen', 'Patel', 'Kim', 'Okafor', 'Rossi', 'Cohen', 'Silva', 'Brown', 'Lopez', 'Walker', 'Ali', 'Murphy'];
const PLACES: [string, string, string][] = [
  ['Chicago', 'IL', '606'], ['Springfield', 'IL', '627'], ['Austin', 'TX', '787'], ['Seattle', 'WA', '981'],
  ['Miami', 'FL', '331'], ['Denver', 'CO', '802'], ['Brooklyn', 'NY', '112'], ['Phoenix', 'AZ', '850'],
];

/** A deterministic synthetic class list; the first records are the ones the README tells people to try. */
export function demoClassList(size: number, seed = 92): (ClassRecord & { noticeId: string; confirmationCode: string })[] {
  const r = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const [city, state, zip3] = i === 0 ? PLACES[0] : i === 1 ? PLACES[2] : r.pick(PLACES);
    const n = String(i + 1).padStart(6, '0');
    return {
      recordId: `TT${n}`,
      email: `${first}.${last}${i + 1}@example.com`.toLowerCase(),
      phone: `+1312555${String(1000 + (i % 9000)).padStart(4, '0')}`,
      username: `${first}${last}${i + 1}`.toLowerCase(),
      firstName: first,
      lastName: last,
      street: `${100 + r.int(9800)} ${r.pick(['Oak', 'Maple', 'Lake', 'Cedar', 'Elm'])} ${r.pick(['St', 'Ave', 'Blvd'])}`,
      city,
      state,
      zip: `${zip3}${String(r.int(100)).padStart(2, '0')}`,
      country: 'US',
      // The first record is the README's Illinois example, so it must carry the Illinois usage fact.
      attributes: {
        created_video_in_illinois: i === 0 || (state === 'IL' && r.next() < 0.8),
        months_active: 1 + r.int(60),
        // Typed as the configuration declares (classListAttributes): an ISO date string.
        first_use_date: `20${16 + r.int(5)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`,
      },
      // The same credentials `fairshare notices issue` gives (lib/notices/codes.ts), drawn from the seed.
      ...newNoticeCredentials(r.int),
    };
  });
}

export type DemoSummary = {
  settlement: Settlement;
  created: boolean;
  examples: { name: string; noticeId: string; confirmationCode: string; illinois: boolean }[];
  /** Demo staff accounts created by this call (lib/demo/staff.ts). */
  staffCreated: (typeof DEMO_STAFF)[number][];
};

/**
 * Creates the demo settlement (or, with reset, deletes and re-creates it). Idempotent: the web app
 * calls it on every start and it does nothing once the settlement exists.
 */
export async function ensureDemo(
  db: Db,
  opts: {
    reset?: boolean;
    classSize?: number;
    today?: Date;
    /** default true */ sampleClaims?: boolean;
    activity?: boolean;
    /** Told when each step starts (lib/demo/progress.ts), so the terminal and the start page can show it. */
    onProgress?: (phase: DemoPhaseKey) => void;
  } = {},
): Promise<DemoSummary> {
  const step = opts.onProgress ?? (() => {});
  const records = demoClassList(opts.classSize ?? 2000);
  const examples = records.slice(0, 2).map((m) => ({
    name: `${m.firstName} ${m.lastName}`,
    noticeId: m.noticeId,
    confirmationCode: m.confirmationCode,
    illinois: m.attributes.created_video_in_illinois === true,
  }));
  if (opts.reset) {
    // The settlement goes; its history stays (audit_log is append-only and has no foreign key to it),
    // closed by one last row in its own chain.
    const old = await findSettlement(db, DEMO_SLUG);
    if (old) {
      await db.transaction(async (tx) => {
        await tx.delete(settlements).where(eq(settlements.id, old.id));
        await appendAudit(tx, { settlementId: old.id, actor: 'system:demo', action: 'settlement.delete', targetType: 'settlement', targetId: DEMO_SLUG, details: { reason: 'demo_reset' } });
      });
    }
  }
  const existing = await findSettlement(db, DEMO_SLUG);
  if (existing) return { settlement: existing, created: false, examples, staffCreated: await ensureDemoStaff(db) };

  step('settlement');
  const settlement = await createSettlement(db, demoConfig(opts.today), 'system:demo');
  const key = await settlementKey(db, settlement.id);
  step('classlist');
  await db.transaction(async (tx) => {
    // Issued as `notices issue` issues them: the code's hash for matching and the code sealed for the mail file.
    const issuedAt = new Date();
    for (let i = 0; i < records.length; i += 500)
      await tx.insert(classMembers).values(records.slice(i, i + 500).map((m) => ({ ...sealClassRecord(key, settlement.id, m), ...noticeColumns(key, m, issuedAt) })));
    await appendAudit(tx, { settlementId: settlement.id, actor: 'system:demo', action: 'classlist.import', details: { records: records.length } });
  });
  // Synthetic claims and filings for the console (the web app's demo); tests start from an empty settlement.
  step('activity');
  if (opts.activity) await seedDemoActivity(db, settlement, opts.today);
  await db.execute(sql`analyze class_members`);
  step('claims');
  if (opts.sampleClaims !== false) await seedDemoClaims(db, settlement, records, opts.today ?? new Date());
  step('staff');
  return { settlement, created: true, examples, staffCreated: await ensureDemoStaff(db) };
}
