import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '@/lib/testing/db';
import type { Handle } from '@/db/client';
import { demoClassList, ensureDemo } from '@/lib/demo/service';
import { settlementKey } from '@/lib/privacy/keys';
import { findByNotice, matchClassRecord } from './match';
import { decideTier, requestedTier } from './tier';

let h: Handle;
let settlementId: string;
const members = demoClassList(40);
beforeAll(async () => {
  h = await openTestDb();
  settlementId = (await ensureDemo(h.db, { classSize: 40 })).settlement.id;
});
afterAll(async () => h.close());

describe('class-list matching', () => {
  it('finds a record by Notice ID + confirmation code, and not with a wrong code', async () => {
    const key = await settlementKey(h.db, settlementId);
    const m = members[3];
    expect((await findByNotice(h.db, key, settlementId, m.noticeId.toLowerCase(), m.confirmationCode))?.recordId).toBe(m.recordId);
    expect(await findByNotice(h.db, key, settlementId, m.noticeId, 'WRONG1')).toBeNull();
  });

  it('matches e-mail (Gmail-normalised), phone and username, strongest first', async () => {
    const key = await settlementKey(h.db, settlementId);
    const m = members[5];
    expect(await matchClassRecord(h.db, key, settlementId, { email: m.email!.toUpperCase() })).toMatchObject({ via: 'email', record: { recordId: m.recordId } });
    expect(await matchClassRecord(h.db, key, settlementId, { usernames: ['nobody', `@${m.username}`] })).toMatchObject({ via: 'username', record: { recordId: m.recordId } });
    expect(await matchClassRecord(h.db, key, settlementId, { email: 'stranger@example.org' })).toBeNull();
  });
});

describe('tier decision', () => {
  it('puts a claim in Illinois only when the record and the attestation agree', async () => {
    const config = (await ensureDemo(h.db, { classSize: 40 })).settlement.config;
    expect(decideTier(config, { created_video_in_illinois: true }, ['illinois_resident'])).toMatchObject({ tier: { key: 'illinois' }, units: 6, unsupported: [] });
    expect(decideTier(config, { created_video_in_illinois: false }, ['illinois_resident'])).toMatchObject({ tier: { key: 'nationwide' }, units: 1, unsupported: ['illinois'] });
    expect(decideTier(config, { created_video_in_illinois: true }, [])).toMatchObject({ tier: { key: 'nationwide' }, unsupported: [] });
    expect(requestedTier(config, ['illinois_resident']).key).toBe('illinois');
    expect(requestedTier(config, []).key).toBe('nationwide');
  });
});
