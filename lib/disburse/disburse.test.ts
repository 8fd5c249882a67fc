import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { parse, validate } from 'achkit';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, paymentAttempts, paymentEvents } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { disburse, type DisburseFile, type DisburseOptions } from './service';
import { disbursementFixture, RAILS, stateCounts, type Fixture } from './test-fixture';

let h: Handle;
let f: Fixture;
const METHODS = [...Array(6).fill('ach'), ...Array(4).fill('check'), 'paypal', 'venmo', 'venmo', 'prepaid_card', 'zelle'];

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, METHODS, { names: METHODS.map((_, i) => (i === 0 ? 'José Núñez' : i === 1 ? '王 小明' : `First${i} Last${i}`)) });
}, 120_000);
afterAll(async () => h?.close());

function collector() {
  const written: DisburseFile[][] = [];
  const write: DisburseOptions['write'] = async (files) => {
    written.push(files);
    return `memory:${files.map((x) => x.name).join(',')}`;
  };
  return { written, write };
}

const attemptsOf = async (rail: string) => h.db.select().from(paymentAttempts).where(eq(paymentAttempts.rail, rail as 'ach'));

describe('disburse: the outbox for file rails', () => {
  it('refuses the person who approved the run', async () => {
    const c = collector();
    await expect(disburse(h.db, f.runId, { rail: 'ach', actor: f.approver.actor, rails: RAILS, write: c.write })).rejects.toThrow(/someone other than the person who approved/);
    expect(c.written).toEqual([]);
  });

  it('refuses a run that is not approved', async () => {
    const { runId } = await disbursementFixture(h, ['ach'], { slug: 'other' });
    await h.db.execute(sql`update payout_runs set status = 'draft' where id = ${runId}`);
    const c = collector();
    await expect(disburse(h.db, runId, { rail: 'ach', actor: f.finance.actor, rails: RAILS, write: c.write })).rejects.toThrow(/only an approved or locked run/);
    expect(c.written).toEqual([]);
  });

  it('a crash after the intent resumes with the same bytes, and a crash after the write never pays twice', async () => {
    const c = collector();
    const base = { rail: 'ach' as const, actor: f.finance.actor, rails: RAILS, write: c.write, now: new Date('2026-12-08T15:00:00Z') };
    // Crash 1: the intent is committed, the process dies before the file is written.
    await expect(disburse(h.db, f.runId, { ...base, afterIntent: () => Promise.reject(new Error('killed after intent')) })).rejects.toThrow(/killed after intent/);
    expect(c.written).toHaveLength(0);
    expect((await stateCounts(h, f.runId)).queued).toBe(6);
    const queued = await attemptsOf('ach');
    expect(queued.map((a) => a.state)).toEqual(Array(6).fill('queued'));

    // Crash 2: the resume writes the file, then dies before marking it.
    await expect(disburse(h.db, f.runId, { ...base, afterWrite: () => Promise.reject(new Error('killed after write')) })).rejects.toThrow(/killed after write/);
    expect(c.written).toHaveLength(1);

    // The next run writes the SAME bytes again and marks them; no new attempt, no new trace number.
    const r = await disburse(h.db, f.runId, base);
    expect(r.batches).toHaveLength(1);
    expect(r.batches[0].resumed).toBe(true);
    expect(c.written).toHaveLength(2);
    expect(c.written[1][0].data.equals(c.written[0][0].data)).toBe(true);
    const after = await attemptsOf('ach');
    expect(after).toHaveLength(6);
    expect(after.map((a) => a.reference).sort()).toEqual(queued.map((a) => a.reference).sort());
    expect(after.every((a) => a.state === 'submitted')).toBe(true);
    expect((await stateCounts(h, f.runId)).submitted).toBe(6);

    // The file: valid NACHA by an independent parser, one entry per ACH claim, names in ASCII.
    const text = c.written[1][0].data.toString('ascii');
    expect(validate(text).errors).toEqual([]);
    const parsed = parse(text);
    expect(parsed.batches[0].entries).toHaveLength(6);
    expect(parsed.batches[0].entries.map((e) => e.name.trim())).toContain('JOSE NUNEZ');
    expect(parsed.batches[0].entries.map((e) => e.name.trim())).toContain('WANG XIAOMING');
    const [{ total }] = rowsOf<{ total: string }>(await h.db.execute(sql`select sum(p.amount_cents) total from payments p join payment_attempts a on a.run_id = p.run_id and a.claim_pk = p.claim_pk where a.rail = 'ach'`));
    expect(parsed.control!.totalCredit).toBe(Number(total));

    // Every move has its event; the intent and the write each have one audit row.
    const events = await h.db.select().from(paymentEvents).where(eq(paymentEvents.runId, f.runId));
    expect(events.filter((e) => e.toState === 'queued')).toHaveLength(6);
    expect(events.filter((e) => e.toState === 'submitted')).toHaveLength(6);
    expect(await h.db.select().from(auditLog).where(eq(auditLog.action, 'disburse.intent'))).toHaveLength(1);
    expect(await h.db.select().from(auditLog).where(eq(auditLog.action, 'disburse.written'))).toHaveLength(1);
  });

  it('running it again writes nothing already written, and says so', async () => {
    const c = collector();
    const r = await disburse(h.db, f.runId, { rail: 'ach', actor: f.finance.actor, rails: RAILS, write: c.write });
    expect(r.nothingNew).toBe(true);
    expect(c.written).toEqual([]);
    expect(await attemptsOf('ach')).toHaveLength(6);
  });

  it('the database refuses a second live attempt for one payment', async () => {
    const [a] = await attemptsOf('ach');
    await expect(
      h.db.insert(paymentAttempts).values({ ...a, id: undefined, attempt: 2, idempotencyKey: `${a.idempotencyKey}-x`, reference: `${a.reference}x`, state: 'queued' }),
    ).rejects.toThrow();
  });

  it('checks: numbered from the first check number, positive pay and letters, a stale date from checkVoidDays', async () => {
    const c = collector();
    const r = await disburse(h.db, f.runId, { rail: 'check', actor: f.finance.actor, rails: RAILS, write: c.write, now: new Date('2026-12-08T15:00:00Z') });
    expect(r.batches[0].payments).toBe(4);
    const files = c.written[0];
    expect(files.map((x) => x.name)).toEqual(['checks-0001-positive-pay.csv', 'checks-0001-letters.pdf']);
    const pp = files[0].data.toString('utf8').trimEnd().split('\r\n');
    expect(pp[0]).toBe('account,check_number,amount,issue_date,payee');
    expect(pp.slice(1).map((l) => l.split(',')[1])).toEqual(['100001', '100002', '100003', '100004']);
    expect(files[1].data.subarray(0, 5).toString()).toBe('%PDF-');
    const atts = await attemptsOf('check');
    expect(atts.map((a) => a.staleOn)).toEqual(Array(4).fill('2027-06-06'));
  });

  it('PayPal and Venmo: one CSV without a header, recipient types per handle; prepaid: an order file', async () => {
    const c = collector();
    await disburse(h.db, f.runId, { rail: 'paypal', actor: f.finance.actor, rails: RAILS, write: c.write });
    const rows = c.written[0][0].data.toString('utf8').trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.split(',').slice(5).join(','))).toEqual(['PAYPAL,EMAIL', 'VENMO,EMAIL', 'VENMO,USER_HANDLE']);
    await disburse(h.db, f.runId, { rail: 'prepaid', actor: f.finance.actor, rails: RAILS, write: c.write });
    expect(c.written[1][0].data.toString('utf8').split('\r\n')[0]).toBe('reference,program,first_name,last_name,email,amount');
    // Zelle has no file rail: it stays pending.
    expect((await stateCounts(h, f.runId)).pending).toBe(1);
  });
});
