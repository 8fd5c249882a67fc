import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';
import { migrateDb, openDb, type Handle } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { asSuperuser, auditIds, rehashChain } from '@/lib/audit/tamper-helpers';
import { startMailCatcher } from '@/lib/mail/catcher';
import { createSettlement } from '@/lib/settlements/service';

/**
 * `fairshare audit verify|checkpoint` in a subprocess, as an auditor runs them. The attacks of issue 6:
 * deleting the newest rows (including a `claim.pii.reveal`) and rewriting a row with every later hash
 * recomputed both leave a chain that verifies on its own; the signed checkpoint catches them, and a fork.
 * PGlite in a temporary folder by default; with DATABASE_URL set, a fresh PostgreSQL database.
 */

let sandbox: CliSandbox;
let dir: string;
let env: NodeJS.ProcessEnv;
let mail: { port: number; close: () => Promise<void> };
const received: Buffer[] = [];
const cli = (...args: string[]) => sandbox.cli(...args);

/** The same database the CLI uses, opened only while no CLI process runs (PGlite is single-process). */
async function withDb<T>(fn: (h: Handle) => Promise<T>): Promise<T> {
  const h = await openDb({ url: env.DATABASE_URL, pgliteDir: path.join(dir, 'data', 'pglite'), migrate: false });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  sandbox = await cliSandbox('audit');
  ({ dir, env } = sandbox);
  // The in-process set-up seals with the same master key the CLI runs use.
  process.env.FAIRSHARE_MASTER_KEY = env.FAIRSHARE_MASTER_KEY;
  mail = await startMailCatcher(0, (raw) => received.push(raw));
  env.SMTP_URL = `smtp://127.0.0.1:${mail.port}`;
});
afterAll(async () => {
  await mail?.close();
  await sandbox.dispose();
});

const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
const ids: Record<string, string> = {};

// Each CLI run starts Node, tsx and the database: generous timeouts for a machine running other suites.
describe('fairshare audit verify and checkpoint', { timeout: 600_000 }, () => {
  it('verifies every chain, and names the chain and row after a row was edited with SQL', async () => {
    // Set-up in process (each CLI start costs seconds on a busy machine): the settlements and each one's
    // own activity, ending (as in the issue) with a reveal of personal data.
    await withDb(async (h) => {
      await migrateDb(h);
      for (const slug of ['first', 'second', 'third']) {
        ids[slug] = (await createSettlement(h.db, { ...tiktok, slug, name: `Settlement ${slug}` }, 'cli')).id;
        for (const action of ['claim.file', 'claim.file', 'claim.cure', 'claim.file', 'claim.file', 'claim.pii.reveal']) {
          await h.db.transaction((tx) => appendAudit(tx, { settlementId: ids[slug], actor: 'staff:reviewer', action, targetType: 'claim', targetId: 'CL-1' }));
        }
      }
    });

    const intact = await cli('audit', 'verify');
    expect(intact, intact.stderr).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain('audit log intact: 21 rows in 3 chains, every hash chain verified');
    expect(intact.stdout).toContain('settlement first: 7 entries');
    const json = JSON.parse((await cli('--json', 'audit', 'verify')).stdout);
    expect(json).toMatchObject({ ok: true, rows: 21 });
    expect(json.chains.map((c: { label: string; rows: number }) => [c.label, c.rows])).toEqual([
      ['settlement first', 7],
      ['settlement second', 7],
      ['settlement third', 7],
    ]);

    // Someone at a SQL prompt: the database refuses; with the triggers off, verify names the row and chain.
    const [, second] = await withDb((h) => auditIds(h, ids.second));
    const refused = await withDb((h) => h.exec(`update audit_log set details = '{"name":"Quietly renamed"}'::jsonb where id = ${second}`).then(() => 'accepted', (e: Error) => e.message));
    expect(refused).toMatch(/append-only: UPDATE refused/);
    await withDb((h) => asSuperuser(h, `update audit_log set details = details || '{"name":"Quietly renamed"}'::jsonb where id = ${second}`));
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit log settlement second: broken at row ${second}: the row was edited (21 rows checked)`);
    expect(broken.stdout).not.toContain('intact');
    expect((await cli('audit', 'verify', '--settlement', 'first')).code).toBe(0);
    await withDb((h) => asSuperuser(h, `update audit_log set details = '{}'::jsonb where id = ${second}`));
  });

  it('writes a signed checkpoint next to the data, records it in the log and mails it to counsel', async () => {
    const out = path.join(dir, 'checkpoint-1.json');
    const r = await cli('audit', 'checkpoint', '--out', out, '--mail-to', 'counsel@example.org');
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/checkpoint of 3 chains written to .*checkpoint-1\.json, signed with sha256:[0-9a-f]{64}/);
    const file = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(file.payload.chains.map((c: { settlement: string; rows: number }) => [c.settlement, c.rows])).toEqual([
      ['first', 7],
      ['second', 7],
      ['third', 7],
    ]);
    expect(file.publicKey).toContain('BEGIN PUBLIC KEY');
    // The key lives next to the embedded database, never inside it.
    expect(fs.existsSync(path.join(dir, 'data', 'audit-signing.key'))).toBe(true);
    if (!env.DATABASE_URL) expect(fs.readdirSync(path.join(dir, 'data', 'pglite')).some((f) => f.includes('audit-signing'))).toBe(false);

    const row = await withDb(async (h) => (await import('@/lib/audit/checkpoint')).lastCheckpoint(h.db));
    expect(row).toMatchObject({ actor: expect.stringMatching(/^cli:.+@/), keyFingerprint: file.payload.keyFingerprint });
    expect(row!.chains[ids.first]).toEqual({ rows: 7, lastId: file.payload.chains[0].lastId, hash: file.payload.chains[0].hash });

    await expect.poll(() => received.length).toBe(1);
    const msg = await simpleParser(received[0]);
    expect(msg.to).toMatchObject({ text: 'counsel@example.org' });
    expect(msg.text).toContain(file.payload.keyFingerprint);
    expect(msg.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([['checkpoint-1.json', fs.readFileSync(out, 'utf8')]]);

    const ok = await cli('audit', 'verify', '--checkpoint', out);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('the log extends the checkpoint of');
  });

  it('refuses a checkpoint that was altered, or signed with another key', async () => {
    const good = fs.readFileSync(path.join(dir, 'checkpoint-1.json'), 'utf8');
    const altered = JSON.parse(good);
    altered.payload.chains[0].rows = 3;
    const alteredFile = sandbox.write('altered.json', JSON.stringify(altered));
    const r1 = await cli('audit', 'verify', '--checkpoint', alteredFile);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('the signature does not match the contents');

    const { privateKey } = generateKeyPairSync('ed25519');
    const other = path.join(dir, 'other-key.json');
    env.FAIRSHARE_AUDIT_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      expect((await cli('audit', 'checkpoint', '--out', other)).code).toBe(0);
    } finally {
      delete env.FAIRSHARE_AUDIT_KEY;
    }
    const r2 = await cli('audit', 'verify', '--checkpoint', other);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/was signed with key sha256:[0-9a-f]+, which is not this installation's checkpoint key/);
  });

  it('detects truncation, a rewrite with recomputed hashes and a fork against the checkpoint, naming each chain', async () => {
    const cp = path.join(dir, 'checkpoint-1.json');
    await withDb(async (h) => {
      // Truncation: the newest five rows of "first", the claim.pii.reveal among them.
      const first = await auditIds(h, ids.first);
      await asSuperuser(h, `delete from audit_log where id in (${first.slice(-5).join(',')})`);
      // Rewrite: edit an early row of "second" and recompute every later hash.
      const second = await auditIds(h, ids.second);
      await asSuperuser(h, `update audit_log set actor = 'staff:someone-else' where id = ${second[2]}`);
      await rehashChain(h, ids.second);
      // Fork: drop the newest two rows of "third" and write three others in their place.
      const third = await auditIds(h, ids.third);
      await asSuperuser(h, `delete from audit_log where id in (${third.slice(-2).join(',')})`);
      for (let i = 0; i < 3; i++) await h.db.transaction((tx) => appendAudit(tx, { settlementId: ids.third, actor: 'staff:reviewer', action: 'claim.file' }));
    });

    // Each chain on its own still verifies: that is exactly what the issue found.
    const alone = await cli('audit', 'verify');
    expect(alone, alone.stderr).toMatchObject({ code: 0 });

    const r = await cli('audit', 'verify', '--checkpoint', cp);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('audit log broken in 3 places');
    expect(r.stderr).toMatch(/settlement first: truncated: the checkpoint of \S+ anchored 7 entries ending at row \d+; the chain now has 2 entries/);
    expect(r.stderr).toMatch(/settlement second: rewritten: row \d+ no longer has the hash/);
    expect(r.stderr).toMatch(/settlement third: forked: .* but entry 7 is now row \d+/);

    const one = await cli('--json', 'audit', 'verify', '--checkpoint', cp, '--settlement', 'second');
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).checkpoint.breaks.map((b: { label: string; kind: string }) => [b.label, b.kind])).toEqual([['settlement second', 'rewritten']]);
  });
});
