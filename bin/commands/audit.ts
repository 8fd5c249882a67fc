import fs from 'node:fs';
import type { Command } from 'commander';
import { checkpointAuditLog, readCheckpoint, verifyAuditLog } from '@/lib/audit/checkpoint';
import { findSettlement } from '@/lib/settlements/service';
import { action, db, InputError, print, resolveActor, UsageError, type GlobalOpts } from '../cli';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const n = (v: number) => v.toLocaleString('en-US');

/**
 * `fairshare audit verify [--checkpoint FILE]`: walks every hash chain (or one settlement's with
 * --settlement) and, with a checkpoint, checks that each anchored chain still passes through its anchored
 * head; exits 1 naming the chain and how it broke. `fairshare audit checkpoint --out FILE`: writes a signed
 * checkpoint of every chain's head, optionally mailed to counsel.
 */
export function registerAudit(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description('check every hash chain of the audit log (exit 1 naming the broken chain and row)')
    .option('--checkpoint <file>', 'also check that the log still extends this signed checkpoint')
    .option('--settlement <slug>', "only this settlement's chain (a slug, or the id of a deleted settlement)")
    .action(
      action(async (opts: { checkpoint?: string; settlement?: string }) => {
        const database = await db();
        const slug = opts.settlement ?? g().settlement;
        let settlementId: string | undefined;
        if (slug) {
          settlementId = (await findSettlement(database, slug))?.id ?? (UUID.test(slug) ? slug.toLowerCase() : undefined);
          if (!settlementId) throw new UsageError(`no settlement "${slug}" (see \`fairshare settlement list\`)`);
        }
        let checkpoint;
        if (opts.checkpoint) {
          if (!fs.existsSync(opts.checkpoint)) throw new UsageError(`${opts.checkpoint}: no such file`);
          checkpoint = readCheckpoint(fs.readFileSync(opts.checkpoint, 'utf8'), opts.checkpoint);
        }
        const v = await verifyAuditLog(database, { checkpoint, settlementId });
        const problems = [
          ...v.chains.flatMap((c) => (c.ok ? [] : [`${c.label}: broken at row ${c.brokenAt}: ${c.reason}`])),
          ...(v.checkpoint?.breaks ?? []).map((b) => `${b.label}: ${b.message}`),
        ];
        if (problems.length) {
          if (g().json) print(g(), v, () => '');
          throw new InputError(`audit log ${problems.length === 1 ? problems[0] : `broken in ${problems.length} places`} (${n(v.rows)} rows checked)`, problems.length > 1 ? problems : []);
        }
        print(g(), v, () =>
          [
            `audit log intact: ${n(v.rows)} rows in ${v.chains.length} chain${v.chains.length === 1 ? '' : 's'}, every hash chain verified`,
            ...v.chains.map((c) => `  ${c.label}: ${n(c.rows)} entries${c.lastId ? `, last #${c.lastId}` : ''}`),
            ...(v.checkpoint ? [`the log extends the checkpoint of ${v.checkpoint.createdAt} (${v.checkpoint.chains} chains anchored)`] : []),
          ].join('\n'),
        );
      }),
    );

  audit
    .command('checkpoint')
    .description('write a signed checkpoint of every chain head (keep it outside the database)')
    .requiredOption('--out <file>', 'where to write the checkpoint (JSON)')
    .option('--mail-to <address...>', 'also e-mail the checkpoint to these addresses (e.g. counsel)')
    .action(
      action(async (opts: { out: string; mailTo?: string[] }) => {
        const mailTo = (opts.mailTo ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
        const bad = mailTo.find((a) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a));
        if (bad) throw new UsageError(`--mail-to: "${bad}" is not an e-mail address`);
        const { actor } = await resolveActor(g());
        const r = await checkpointAuditLog(await db(), { out: opts.out, actor, mailTo });
        const { payload } = r.checkpoint;
        print(g(), { file: r.file, auditId: r.auditId, mailedTo: r.mailedTo, ...payload }, () =>
          [
            `checkpoint of ${payload.chains.length} chain${payload.chains.length === 1 ? '' : 's'} written to ${opts.out}, signed with ${payload.keyFingerprint} (audit row #${r.auditId})`,
            ...payload.chains.map((c) => `  ${c.settlement ? `settlement ${c.settlement}` : c.chain}: ${n(c.rows)} entries, last #${c.lastId}, ${c.hash}`),
            ...(r.mailedTo.length ? [`mailed to ${r.mailedTo.join(', ')}`] : []),
          ].join('\n'),
        );
      }),
    );
}
