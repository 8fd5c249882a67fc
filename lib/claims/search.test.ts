import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { classifyQuery, searchClaims } from './search';
import { getClaimDetail, revealClaimPii } from './detail';

let h: Handle;
let s: Settlement;
let ids: { id: number; claimId: string }[];

const people = [
  { firstName: 'Renée', lastName: "O'Brien", email: 'Renee.OBrien+tt@gmail.com', phone: '(312) 720-4455' },
  { firstName: 'Kai', lastName: 'Nguyen', email: 'kai.nguyen@example.com', phone: '+1 415 720 8899' },
  { firstName: 'RENEE', lastName: "O’Brien", email: 'someone.else@example.com', phone: '+1 212 720 1000' },
];

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  ids = await seedClaims(h.db, s.id, [...people, ...Array.from({ length: 60 }, () => ({}))]);
});
afterAll(async () => h?.close());

const found = async (q: string) => (await searchClaims(h.db, s, q)).items.map((i) => i.claimId);

describe('claim search through keyed hashes', () => {
  it('finds a claim by its ID however it is typed, and not with a wrong check character', async () => {
    const id = ids[1].claimId;
    expect(await found(id)).toEqual([id]);
    expect(await found(id.toLowerCase().replaceAll('-', ' '))).toEqual([id]);
    const last = id.at(-1)!;
    const wrong = id.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(await found(wrong)).toEqual([]);
  });

  it('finds by e-mail as normalised at intake (Gmail dots and +tags), and only that claimant', async () => {
    expect(await found('reneeobrien@GMAIL.com')).toEqual([ids[0].claimId]);
    expect(await found('kai.nguyen@example.com')).toEqual([ids[1].claimId]);
    expect(await found('kai.nguyen@example.org')).toEqual([]);
  });

  it('finds by phone in any format, and only that claimant', async () => {
    expect(await found('312-720-4455')).toEqual([ids[0].claimId]);
    expect(await found('(415) 720-8899')).toEqual([ids[1].claimId]);
    expect(await found('(415) 720-8898')).toEqual([]);
  });

  it('finds by full name case- and accent-insensitively (two people with the same name both match)', async () => {
    expect(await found('renee obrien')).toEqual([]); // the apostrophe separates O and Brien
    expect((await found("RENÉE O'BRIEN")).sort()).toEqual([ids[0].claimId, ids[2].claimId].sort());
    expect(await found('Kai Nguyen')).toEqual([ids[1].claimId]);
    // A single word is not a full name: nothing is searched rather than a wrong match.
    expect(classifyQuery('Kai')).toBeNull();
  });

  it('never matches one identifier kind against another', async () => {
    // An e-mail query is never compared with names or phones, and a name with e-mails.
    expect(classifyQuery('kai.nguyen@example.com')!.kind).toBe('email');
    expect(classifyQuery('+1 415 720 8899')!.kind).toBe('phone');
    expect(await found('Nguyen Kai')).toEqual([]);
  });

  it('shows results masked', async () => {
    const [item] = (await searchClaims(h.db, s, 'kai.nguyen@example.com')).items;
    expect(item.email).not.toContain('kai.nguyen');
    expect(item.name).not.toContain('Nguyen');
    expect(item.name.startsWith('K')).toBe(true);
  });

});

describe('claim detail', () => {
  it('masks personal data, and revealing it writes an audit row naming who and which claim (no personal data)', async () => {
    const detail = await getClaimDetail(h.db, s, ids[1].claimId);
    expect(JSON.stringify(detail!.masked)).not.toMatch(/nguyen|8899@|kai\.nguyen/i);
    expect(detail!.masked.phone).toBe('•••-•••-8899');

    const revealed = await revealClaimPii(h.db, s, ids[1].claimId, 'user:42');
    expect(revealed!.email).toBe('kai.nguyen@example.com');
    const rows = await h.db.select().from(auditLog).where(and(eq(auditLog.action, 'claim.pii.reveal'), eq(auditLog.targetId, ids[1].claimId)));
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe('user:42');
    expect(JSON.stringify(rows[0])).not.toMatch(/nguyen/i);

    const after = await getClaimDetail(h.db, s, ids[1].claimId);
    expect(after!.audit.map((a) => a.action)).toContain('claim.pii.reveal');
    expect(await getClaimDetail(h.db, s, 'CL-0000-0000-1')).toBeNull();
  });
});
