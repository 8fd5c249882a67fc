import { sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable } from '@/db/client';
import { auditLog, settlements } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { sendMail } from '@/lib/mail/send';
import { canonicalJson, INSTALLATION_CHAIN, LEGACY_CHAIN } from './chain';
import { appendAudit, verifyAuditChains, type ChainReport, type VerifyOptions } from './service';
import { fingerprint, loadSigningKey, parsePublicKey, publicKeyPem, trustedPublicKeys } from './signing-key';

/**
 * Signed checkpoints of the audit chains' heads, kept outside the database (a file, counsel's mailbox).
 * Anyone who can write to the database can delete the newest rows or rewrite a row and recompute every
 * later hash, and the chain alone still verifies; a checkpoint signed with a key the database does not
 * hold says "chain X had N rows ending at row L with hash H", and a later log must still pass through
 * exactly that row (docs/decisions/0010-audit-anchors.md).
 */

export const CHECKPOINT_FORMAT = 'fairshare-audit-checkpoint/1';

const headSchema = z.object({
  chain: z.string().min(1),
  /** The settlement's slug when the checkpoint was written (for people; the chain key is the id). */
  settlement: z.string().nullable(),
  rows: z.number().int().positive(),
  lastId: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
});
const payloadSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  createdAt: z.string(),
  keyFingerprint: z.string(),
  chains: z.array(headSchema),
});
const fileSchema = z.object({
  payload: payloadSchema,
  publicKey: z.string(),
  signature: z.string(),
});
export type CheckpointHead = z.infer<typeof headSchema>;
export type CheckpointPayload = z.infer<typeof payloadSchema>;
export type Checkpoint = z.infer<typeof fileSchema>;

/** Verifies every chain in one snapshot and refuses to anchor a log that is already broken. */
async function intactHeads(db: Db): Promise<CheckpointHead[]> {
  const reports = await verifyAuditChains(db);
  const broken = reports.find((r) => !r.ok);
  if (broken && !broken.ok) {
    throw new AppError('conflict', `refusing to checkpoint a broken audit log: ${await chainLabel(db, broken.chain)} is broken at row ${broken.brokenAt} (${broken.reason})`);
  }
  const slugs = await slugsOf(db, reports.map((r) => r.chain));
  return reports
    .filter((r) => r.rows > 0 && r.lastId !== null)
    .map((r) => ({ chain: r.chain, settlement: slugs.get(r.chain) ?? null, rows: r.rows, lastId: r.lastId!, hash: r.hash, at: r.at! }));
}

export function signCheckpoint(payload: Omit<CheckpointPayload, 'keyFingerprint' | 'format'>, key: KeyObject): Checkpoint {
  const full: CheckpointPayload = { format: CHECKPOINT_FORMAT, createdAt: payload.createdAt, keyFingerprint: fingerprint(key), chains: payload.chains };
  return { payload: full, publicKey: publicKeyPem(key), signature: sign(null, Buffer.from(canonicalJson(full)), key).toString('base64') };
}

export type CheckpointResult = { file: string; checkpoint: Checkpoint; auditId: number; mailedTo: string[] };

/**
 * `fairshare audit checkpoint --out FILE [--mail-to ADDR]`: verifies the log, signs the heads, writes the
 * file (to a temporary name, renamed once the `audit.checkpoint` row has committed, so a file always has
 * its row) and mails it after commit.
 */
export async function checkpointAuditLog(db: Db, input: { out: string; actor: string; mailTo?: string[]; now?: Date }): Promise<CheckpointResult> {
  const key = loadSigningKey({ create: true })!;
  const chains = await intactHeads(db);
  const checkpoint = signCheckpoint({ createdAt: (input.now ?? new Date()).toISOString(), chains }, key);
  const target = path.resolve(input.out);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
  try {
    fs.writeFileSync(tmp, text);
  } catch (e) {
    throw new AppError('bad_input', `${input.out}: ${(e as Error).message}`, { field: 'out' });
  }
  const mailTo = input.mailTo ?? [];
  let auditId: number;
  try {
    auditId = await db.transaction(async (tx) => {
      const rec = await appendAudit(tx, {
        actor: input.actor,
        action: 'audit.checkpoint',
        targetType: 'audit_log',
        targetId: 'checkpoint',
        details: {
          keyFingerprint: checkpoint.payload.keyFingerprint,
          createdAt: checkpoint.payload.createdAt,
          // The heads as signed, so the console can show what was anchored (the anchor itself is the file).
          chains: Object.fromEntries(chains.map((c) => [c.chain, { rows: c.rows, lastId: c.lastId, hash: c.hash }])),
          recipients: mailTo.length,
        },
      });
      return rec.id;
    });
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // After commit: a mail server that is down fails the command, but the checkpoint and its row stand.
  for (const to of mailTo) {
    await sendMail({
      to,
      subject: `Audit checkpoint ${checkpoint.payload.createdAt}: ${chains.length} chain${chains.length === 1 ? '' : 's'}`,
      text:
        `Attached is a signed checkpoint of the settlement administrator's audit log, written ${checkpoint.payload.createdAt}.\n\n` +
        `Please keep it. Any later \`fairshare audit verify --checkpoint\` against it fails if the log was shortened or rewritten since.\n` +
        `Signing key: ${checkpoint.payload.keyFingerprint}\n\n` +
        chains.map((c) => `${c.settlement ?? c.chain}: ${c.rows} entries, last #${c.lastId}, hash ${c.hash}`).join('\n') +
        '\n',
      attachments: [{ filename: path.basename(target), content: text, contentType: 'application/json' }],
    });
  }
  return { file: target, checkpoint, auditId, mailedTo: mailTo };
}

/** Parses a checkpoint file and checks its signature and that its key is one this installation trusts. */
export function readCheckpoint(text: string, where: string, trusted: KeyObject[] = trustedPublicKeys()): Checkpoint {
  let parsed: Checkpoint;
  try {
    parsed = fileSchema.parse(JSON.parse(text));
  } catch (e) {
    throw new AppError('bad_input', `${where} is not an audit checkpoint (${e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message})`);
  }
  const key = parsePublicKey(parsed.publicKey, `${where}: publicKey`);
  if (fingerprint(key) !== parsed.payload.keyFingerprint) throw new AppError('bad_input', `${where}: the public key does not match the fingerprint it claims`);
  if (!verify(null, Buffer.from(canonicalJson(parsed.payload)), key, Buffer.from(parsed.signature, 'base64'))) {
    throw new AppError('bad_input', `${where}: the signature does not match the contents (the checkpoint was altered after it was signed)`);
  }
  if (trusted.length === 0) {
    throw new AppError('misconfigured', `no key to check ${where} against: set FAIRSHARE_AUDIT_PUBLIC_KEY (or the signing key FAIRSHARE_AUDIT_KEY / FAIRSHARE_AUDIT_KEY_FILE)`);
  }
  if (!trusted.some((k) => fingerprint(k) === parsed.payload.keyFingerprint)) {
    throw new AppError('bad_input', `${where} was signed with key ${parsed.payload.keyFingerprint}, which is not this installation's checkpoint key (${trusted.map(fingerprint).join(', ')})`);
  }
  return parsed;
}

export type CheckpointBreak = { chain: string; label: string; kind: 'truncated' | 'rewritten' | 'forked'; message: string };
export type AuditVerification = { ok: boolean; rows: number; chains: (ChainReport & { label: string })[]; checkpoint?: { createdAt: string; chains: number; breaks: CheckpointBreak[] } };

/**
 * Verifies the chains and, with a checkpoint, that each chain it anchored still passes through the
 * anchored row: same place, same id, same hash. Fewer rows than anchored is a truncation; the anchored
 * row with another hash is a rewrite (a row was edited and every later hash recomputed); another row in
 * the anchored place is a fork (rows were removed and others appended in their stead).
 */
export async function verifyAuditLog(db: Db, opts: { checkpoint?: Checkpoint; settlementId?: string } = {}): Promise<AuditVerification> {
  const anchors = new Map((opts.checkpoint?.payload.chains ?? []).filter((c) => !opts.settlementId || c.chain === opts.settlementId).map((c) => [c.chain, c]));
  const seen = new Map<string, { id: number; hash: string }>();
  const verifyOpts: VerifyOptions = {
    settlementId: opts.settlementId,
    onRow: (chain, seq, id, hash) => {
      if (anchors.get(chain)?.rows === seq) seen.set(chain, { id, hash });
    },
  };
  const reports = await verifyAuditChains(db, verifyOpts);
  const byChain = new Map(reports.map((r) => [r.chain, r]));
  const labels = await labelsOf(db, [...new Set([...reports.map((r) => r.chain), ...anchors.keys()])]);
  const breaks: CheckpointBreak[] = [];
  for (const a of anchors.values()) {
    const label = labels.get(a.chain) ?? a.chain;
    const now = byChain.get(a.chain)?.rows ?? 0;
    const at = seen.get(a.chain);
    const was = `the checkpoint of ${opts.checkpoint!.payload.createdAt} anchored ${a.rows} entries ending at row ${a.lastId}`;
    if (!at) breaks.push({ chain: a.chain, label, kind: 'truncated', message: `truncated: ${was}; the chain now has ${now} entries` });
    else if (at.id === a.lastId && at.hash !== a.hash) {
      breaks.push({ chain: a.chain, label, kind: 'rewritten', message: `rewritten: row ${a.lastId} no longer has the hash ${was.replace('the checkpoint', 'that checkpoint')} recorded (a row up to it was edited and the hashes recomputed)` });
    } else if (at.id !== a.lastId) {
      breaks.push({ chain: a.chain, label, kind: 'forked', message: `forked: ${was}, but entry ${a.rows} is now row ${at.id} (rows were removed and others written in their place)` });
    }
  }
  const rows = reports.reduce((n, r) => n + r.rows, 0);
  return {
    ok: reports.every((r) => r.ok) && breaks.length === 0,
    rows,
    chains: reports.map((r) => ({ ...r, label: labels.get(r.chain) ?? r.chain })),
    checkpoint: opts.checkpoint ? { createdAt: opts.checkpoint.payload.createdAt, chains: anchors.size, breaks } : undefined,
  };
}

async function slugsOf(db: Queryable, chains: string[]): Promise<Map<string, string>> {
  const ids = chains.filter((c) => c !== INSTALLATION_CHAIN && c !== LEGACY_CHAIN);
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: settlements.id, slug: settlements.slug }).from(settlements).where(inArray(settlements.id, ids));
  return new Map(rows.map((r) => [r.id, r.slug]));
}

/** How a chain is named to people: "settlement tiktok", "the installation chain", or a deleted settlement's id. */
async function labelsOf(db: Queryable, chains: string[]): Promise<Map<string, string>> {
  const slugs = await slugsOf(db, chains);
  return new Map(
    chains.map((c) => [
      c,
      c === INSTALLATION_CHAIN ? 'the installation chain' : c === LEGACY_CHAIN ? 'the legacy chain (rows before per-settlement chains)' : slugs.has(c) ? `settlement ${slugs.get(c)}` : `deleted settlement ${c}`,
    ]),
  );
}

async function chainLabel(db: Queryable, chain: string): Promise<string> {
  return (await labelsOf(db, [chain])).get(chain)!;
}

export type LastCheckpoint = { id: number; at: Date; actor: string; keyFingerprint: string; createdAt: string; chains: Record<string, { rows: number; lastId: number; hash: string }> };

/** The newest `audit.checkpoint` row, for the console (what was anchored and when). */
export async function lastCheckpoint(db: Queryable): Promise<LastCheckpoint | null> {
  const [row] = await db.select().from(auditLog).where(and(eq(auditLog.targetType, 'audit_log'), eq(auditLog.targetId, 'checkpoint'), eq(auditLog.action, 'audit.checkpoint'))).orderBy(desc(auditLog.id)).limit(1);
  if (!row) return null;
  const d = row.details as { keyFingerprint?: string; createdAt?: string; chains?: LastCheckpoint['chains'] };
  return { id: row.id, at: row.at, actor: row.actor, keyFingerprint: d.keyFingerprint ?? '', createdAt: d.createdAt ?? row.at.toISOString(), chains: d.chains ?? {} };
}

