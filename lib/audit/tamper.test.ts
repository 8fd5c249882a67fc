import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { appendAudit, verifyAuditChain } from './service';

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
  for (let i = 0; i < 6; i++) await h.db.transaction((tx) => appendAudit(tx, { actor: 'staff:test', action: 'test.step', targetType: 'claim', targetId: `CL${i}`, details: { i } }));
});
afterAll(async () => h.close());

const ids = async () => rowsOf<{ id: number }>(await h.db.execute(sql`select id from audit_log order by id`));

describe('audit chain tamper detection', () => {
  it('passes on an untouched chain', async () => {
    expect(await verifyAuditChain(h.db)).toEqual({ ok: true, rows: 6 });
  });

  it('names the edited row when a row is changed with SQL', async () => {
    const [, , third] = await ids();
    await h.db.execute(sql`update audit_log set details = '{"i": 99}'::jsonb where id = ${third.id}`);
    const v = await verifyAuditChain(h.db);
    expect(v).toMatchObject({ ok: false, brokenAt: Number(third.id), reason: 'the row was edited' });
  });

  it('names the row after a deleted one', async () => {
    await h.db.execute(sql`delete from audit_log`);
    for (let i = 0; i < 4; i++) await h.db.transaction((tx) => appendAudit(tx, { actor: 'staff:test', action: 'test.again', details: { i } }));
    const rows = await ids();
    await h.db.execute(sql`delete from audit_log where id = ${rows[1].id}`);
    const v = await verifyAuditChain(h.db);
    expect(v).toMatchObject({ ok: false, brokenAt: Number(rows[2].id) });
  });
});
