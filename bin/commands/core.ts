import fs from 'node:fs';
import type { Command } from 'commander';
import { getHandle, migrateDb } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import { env } from '@/lib/env';
import { formatCents } from '@/lib/money';
import { netFundCents } from '@/lib/settlements/config';
import { createSettlement, listSettlements } from '@/lib/settlements/service';
import { action, db, InputError, print, requireSettlement, resolveActor, UsageError, type GlobalOpts } from '../cli';


export function registerCore(program: Command): void {
  const g = () => program.opts<GlobalOpts>();

  program
    .command('db')
    .description('database maintenance')
    .command('migrate')
    .description('apply all migrations (idempotent)')
    .action(
      action(async () => {
        const h = await getHandle();
        await migrateDb(h);
        // The job queue's own schema (pgboss), so an app running without DDL rights can queue jobs.
        const { migrateBoss } = await import('@/lib/jobs/boss');
        await migrateBoss(h);
        print(g(), { ok: true, database: h.kind }, () => `migrations applied (${h.kind})`);
      }),
    );

  program
    .command('demo')
    .description('create the demo settlement (slug "tiktok") with a synthetic class list')
    .option('--reset', 'delete and re-create it')
    .option('--class-size <n>', 'class-list records to generate', '2000')
    .action(
      action(async (opts: { reset?: boolean; classSize: string }) => {
        // Published Notice IDs and demo logins must never land in a real installation by accident.
        if (env().NODE_ENV === 'production' && env().FAIRSHARE_DEMO !== '1') throw new UsageError('refusing to create the demo settlement with NODE_ENV=production; set FAIRSHARE_DEMO=1 if you really mean it');
        const n = Number(opts.classSize);
        if (!Number.isInteger(n) || n < 2 || n > 1_000_000) throw new UsageError('--class-size must be a whole number from 2 to 1,000,000');
        const demo = await ensureDemo(await db(), { reset: opts.reset, classSize: n, activity: true });
        print(g(), demo.examples, () =>
          [
            demo.created ? `created demo settlement "${demo.settlement.slug}"` : `demo settlement "${demo.settlement.slug}" already exists (use --reset)`,
            ...demo.examples.map((e) => `  Notice ID ${e.noticeId}  confirmation code ${e.confirmationCode}  (${e.name})`),
          ].join('\n'),
        );
      }),
    );

  const settlement = program.command('settlement').description('manage settlements');
  settlement
    .command('create')
    .requiredOption('--file <file>', 'settlement configuration (JSON, INTERFACES.md §4)')
    .action(
      action(async (opts: { file: string }) => {
        let input: unknown;
        try {
          input = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
        } catch (e) {
          throw new InputError(`${opts.file}: ${(e as Error).message}`);
        }
        // zod issues (exit 1, by field path) and a taken slug (conflict, exit 1) are AppErrors or map to one.
        const s = await createSettlement(await db(), input, (await resolveActor(g())).actor);
        print(g(), { id: s.id, slug: s.slug }, () => `created settlement "${s.slug}" (${s.id})`);
      }),
    );
  settlement.command('list').action(
    action(async () => {
      const all = await listSettlements(await db());
      print(
        g(),
        all.map((s) => ({ slug: s.slug, name: s.config.name, grossFundCents: s.config.grossFundCents })),
        () => (all.length ? all.map((s) => `${s.slug.padEnd(20)} ${s.config.name}`).join('\n') : 'no settlements'),
      );
    }),
  );
  settlement
    .command('show')
    .argument('[slug]')
    .action(
      action(async (slug?: string) => {
        const s = await requireSettlement(slug ?? g().settlement);
        const c = s.config;
        print(g(), { id: s.id, ...c }, () =>
          [
            `${c.name} (${c.slug})`,
            `${c.court}, ${c.caseNumber}`,
            `gross fund ${formatCents(c.grossFundCents)}, net ${formatCents(netFundCents(c))}`,
            `claim deadline ${c.dates.claimDeadline} (${c.dates.timeZone}); opt-out ${c.dates.optOutDeadline}; hearing ${c.dates.finalApprovalHearing}`,
            `tiers: ${c.tiers.map((t) => `${t.key} (${t.units.kind === 'fixed' ? `${t.units.shares} share(s)` : `points from ${t.units.attribute}`})`).join(', ')}`,
            `payment methods: ${c.paymentMethods.join(', ')}`,
          ].join('\n'),
        );
      }),
    );
}
