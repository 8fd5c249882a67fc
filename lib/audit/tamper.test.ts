import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { canonicalJson, chainHash, GENESIS, seqSlot, type AuditContent } from './chain';
import { appendAudit, verifyAuditChain, verifyAuditChains } from './service';
import { asSuperuser, auditIds, rehashChain } from './tamper-helpers';

let h: Handle;
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
beforeAll(async () => {
  h = await openTestDb();
  for (let i = 0; i < 6; i++) await h.db.transaction((tx) => appendAudit(tx, { actor: 'staff:test', action: 'test.step', targetType: 'claim', targetId: `CL${i}`, details: { i } }));
});
afterAll(async () => h.close());

const refusal = async (statement: string) => {
  try {
    await h.exec(statement);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('the audit log is append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, each with a message that says why, and keeps the rows', async () => {
    const before = await auditIds(h);
    expect(await refusal(`update audit_log set details = '{"i": 99}'::jsonb where id = ${before[2]}`)).toMatch(/audit_log is append-only: UPDATE refused/);
    expect(await refusal(`delete from audit_log where id = ${before.at(-1)}`)).toMatch(/audit_log is append-only: DELETE refused/);
    expect(await refusal('truncate audit_log')).toMatch(/audit_log is append-only: TRUNCATE refused/);
    expect(await auditIds(h)).toEqual(before);
    expect(await verifyAuditChain(h.db)).toEqual({ ok: true, rows: 6 });
  });
});

describe('audit chain tamper detection', () => {
  it('names the edited row when a superuser changes a row with the trigger off', async () => {
    const [, , third] = await auditIds(h);
    await asSuperuser(h, `update audit_log set details = '{"i": 99}'::jsonb where id = ${third}`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, brokenAt: third, reason: 'the row was edited', chain: 'installation' });
    await asSuperuser(h, `update audit_log set details = '{"i": 2}'::jsonb where id = ${third}`);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it('names the row after a deleted one', async () => {
    const rows = await auditIds(h);
    await asSuperuser(h, `delete from audit_log where id = ${rows[1]}`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, brokenAt: rows[2] });
    // The rest of this file starts from an intact installation chain again.
    await rehashChain(h, 'installation');
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});

describe('one chain per settlement', () => {
  it('interleaved writers of two settlements each extend their own chain, and both verify', async () => {
    // Concurrent transactions (on PostgreSQL each holds its own connection and only its chain's lock).
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        h.db.transaction((tx) => appendAudit(tx, { settlementId: i % 2 ? A : B, actor: 'staff:test', action: 'claim.file', targetType: 'claim', targetId: `CL-${i}`, details: { i } })),
      ),
    );
    const seqs = rowsOf<{ sid: string; seqs: number[] }>(
      await h.db.execute(sql`select settlement_id::text as sid, array_agg(chain_seq::int order by id) as seqs from audit_log where settlement_id is not null group by 1 order by 1`),
    );
    expect(seqs).toEqual([
      { sid: A, seqs: Array.from({ length: 12 }, (_, i) => i + 1) },
      { sid: B, seqs: Array.from({ length: 12 }, (_, i) => i + 1) },
    ]);
    const reports = await verifyAuditChains(h.db);
    // Installation first, then settlements in the order their chains began (here: whichever writer was first).
    expect(reports.map((r) => [r.chain, r.rows, r.ok]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [A, 12, true],
      [B, 12, true],
      ['installation', 5, true],
    ]);
    expect(reports[0].chain).toBe('installation');
    expect((await verifyAuditChains(h.db, { settlementId: A })).map((r) => r.chain)).toEqual([A]);
    expect((await verifyAuditChains(h.db, { chains: [B, 'installation', 'legacy'] })).map((r) => [r.chain, r.rows])).toEqual([
      ['installation', 5],
      [B, 12],
    ]);
  });

  it('tampering with one settlement chain names that chain and leaves the others intact', async () => {
    const inB = await auditIds(h, B);
    await asSuperuser(h, `update audit_log set actor = 'staff:someone-else' where id = ${inB[4]}`);
    const reports = await verifyAuditChains(h.db);
    expect(reports.find((r) => r.chain === B)).toMatchObject({ ok: false, brokenAt: inB[4], reason: 'the row was edited' });
    expect(reports.filter((r) => r.chain !== B).every((r) => r.ok)).toBe(true);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, chain: B, brokenAt: inB[4] });
  });

  it('refuses to write an audit row inside a repeatable-read transaction (its head would be stale)', async () => {
    await expect(h.db.transaction((tx) => appendAudit(tx, { settlementId: A, actor: 'x', action: 'x' }), { isolationLevel: 'repeatable read' })).rejects.toThrow(/read committed/);
  });
});

describe('rows from before per-settlement chains', () => {
  it('are verified as the legacy chain with the old hash rule, untouched, and tampering there names it', async () => {
    // As the single-chain code wrote them: chain_seq null, one chain across settlements, no seq in the hash.
    let prev = GENESIS;
    const inserted: number[] = [];
    for (const [i, sid] of [A, null, B].entries()) {
      const content: AuditContent = { settlementId: sid, at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), actor: 'cli', action: 'legacy.step', targetType: null, targetId: null, details: { i } };
      const hash = chainHash(prev, content);
      const [row] = rowsOf<{ id: number }>(
        await h.db.execute(sql`insert into audit_log (settlement_id, at, actor, action, details, prev_hash, hash)
          values (${sid}::uuid, ${content.at}::timestamptz, 'cli', 'legacy.step', ${JSON.stringify(content.details)}::jsonb, ${prev}, ${hash}) returning id`),
      );
      inserted.push(Number(row.id));
      prev = hash;
    }
    const legacy = (await verifyAuditChains(h.db)).find((r) => r.chain === 'legacy');
    expect(legacy).toMatchObject({ ok: true, rows: 3, lastId: inserted[2], hash: prev });
    await asSuperuser(h, `update audit_log set actor = 'staff:x' where id = ${inserted[1]}`);
    expect((await verifyAuditChains(h.db)).find((r) => r.chain === 'legacy')).toMatchObject({ ok: false, brokenAt: inserted[1], reason: 'the row was edited' });
  });
});

describe('seqSlot', () => {
  it('splits the canonical JSON exactly where the database puts the chain position', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          settlementId: fc.option(fc.uuid()),
          at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          actor: text,
          action: text,
          targetType: fc.option(text),
          targetId: fc.option(text),
          details: fc.dictionary(text, fc.jsonValue()) as fc.Arbitrary<Record<string, unknown>>,
        }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (content: AuditContent, seq) => {
          const [before, after] = seqSlot(content);
          expect(`${before}${seq}${after}`).toBe(canonicalJson({ ...content, seq }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
