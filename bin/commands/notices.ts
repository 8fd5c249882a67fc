import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { importBounces } from '@/lib/notices/bounces';
import { noticeCounts } from '@/lib/notices/counts';
import { exportNotices } from '@/lib/notices/export';
import { issueNoticesJob, sendNoticesJob } from '@/lib/notices/jobs';
import { closeMail } from '@/lib/mail/send';
import { DEFAULT_CONCURRENCY, listInDoubt, resolveInDoubt } from '@/lib/notices/outbox';
import { action, db, InputError, print, requireSettlement, resolveActor, runJobHere, UsageError, type GlobalOpts } from '../cli';

/** `fairshare notices issue | export | postcards | send | bounces | status` (docs/cli.md "Notices"). */
export function registerNotices(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const notices = program.command('notices').description('notice IDs and confirmation codes, the mail vendor files, the e-mail campaign and bounces');

  notices
    .command('issue')
    .description('give every class member without one a Notice ID and a confirmation code (idempotent)')
    .action(
      action(async () => {
        const s = await requireSettlement(g().settlement);
        const { actor } = await resolveActor(g());
        const r = await runJobHere(issueNoticesJob, { settlementId: s.id }, actor, 'notices issued');
        print(g(), r, () => `${r.issued.toLocaleString('en-US')} notices issued (${r.alreadyIssued.toLocaleString('en-US')} members already had one)`);
      }),
    );

  const writeExport = async (kind: 'full' | 'postcards', out: string) => {
    if (!out) throw new UsageError('--out FILE.csv is required');
    const s = await requireSettlement(g().settlement);
    const { actor } = await resolveActor(g());
    const ex = exportNotices(await db(), s.id, { kind, actor });
    try {
      await pipeline(Readable.from(ex.lines), out === '-' ? process.stdout : fs.createWriteStream(out, { mode: 0o600 }));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw new InputError(`${out}: ${(e as Error).message}`);
      throw e;
    }
    if (out !== '-')
      print(g(), { kind, rows: ex.counter.rows, file: out }, () => `${ex.counter.rows.toLocaleString('en-US')} ${kind === 'postcards' ? 'postcard' : 'notice'} rows written to ${out} (it holds confirmation codes: hand it to the mail vendor only)`);
  };

  notices
    .command('export')
    .description("the mail vendor's file WITH confirmation codes; --postcards: only members without a usable e-mail who have a mailing address")
    .requiredOption('--out <file>', 'where to write the CSV ("-" for standard output)')
    .option('--postcards', 'the postcard file instead of the full file')
    .action(action(async (opts: { out: string; postcards?: boolean }) => writeExport(opts.postcards ? 'postcards' : 'full', opts.out)));

  notices
    .command('postcards')
    .description('same as `notices export --postcards`')
    .requiredOption('--out <file>', 'where to write the CSV')
    .action(action(async (opts: { out: string }) => writeExport('postcards', opts.out)));

  notices
    .command('send')
    .description('queue and send the e-mail notices (and re-sends to updated addresses); resumable, never sends anyone a second copy')
    .option('--rate <n>', 'messages per second (e.g. 50 or 50/s)')
    .option('--limit <n>', 'send at most this many in this run')
    .option('--concurrency <n>', 'messages in flight at once (SMTP connections)', String(DEFAULT_CONCURRENCY))
    .option('--retry-in-doubt', 'first put messages left "sending" by a crashed run back in the queue (check the relay log first)')
    .option('--mark-in-doubt-sent', 'first record messages left "sending" as sent (the relay log shows it accepted them)')
    .option('--in-doubt-age <seconds>', 'only in-doubt messages claimed at least this long ago (so a live sender is not disturbed)', '300')
    .action(
      action(async (opts: { rate?: string; limit?: string; concurrency: string; retryInDoubt?: boolean; markInDoubtSent?: boolean; inDoubtAge: string }) => {
        const num = (v: string | undefined, name: string) => {
          if (v === undefined) return undefined;
          const n = Number(v.replace(/\/s$/, ''));
          if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number`);
          return n;
        };
        if (opts.retryInDoubt && opts.markInDoubtSent) throw new UsageError('--retry-in-doubt and --mark-in-doubt-sent exclude each other');
        const s = await requireSettlement(g().settlement);
        const { actor } = await resolveActor(g());
        const age = Number(opts.inDoubtAge);
        if (!Number.isFinite(age) || age < 0) throw new UsageError('--in-doubt-age must be a number of seconds');
        if (opts.retryInDoubt || opts.markInDoubtSent) {
          const n = await resolveInDoubt(await db(), s.id, opts.retryInDoubt ? 'retry' : 'sent', { actor, olderThanSeconds: age });
          process.stderr.write(`${n} in-doubt message${n === 1 ? '' : 's'} ${opts.retryInDoubt ? 'put back in the queue' : 'recorded as sent'}\n`);
        }
        const limit = num(opts.limit, '--limit');
        const r = await runJobHere(
          sendNoticesJob,
          { settlementId: s.id, rate: num(opts.rate, '--rate'), limit: limit === undefined ? undefined : Math.floor(limit), concurrency: Math.floor(num(opts.concurrency, '--concurrency') ?? DEFAULT_CONCURRENCY) },
          actor,
          'notices sent',
        ).finally(closeMail);
        const doubt = r.inDoubt > 0 ? await listInDoubt(await db(), s.id) : [];
        print(g(), { ...r, inDoubtMessageIds: doubt.map((d) => d.messageId) }, () =>
          [
            `${r.sent.toLocaleString('en-US')} sent, ${r.failed} failed, ${r.remaining.toLocaleString('en-US')} still queued (queued now: ${r.queuedInitial} notices, ${r.queuedResend} re-sends)`,
            ...(r.inDoubt > 0
              ? [
                  `${r.inDoubt} message(s) are IN DOUBT (a run stopped between the relay accepting them and recording it). Look these Message-IDs up in the relay log:`,
                  ...doubt.slice(0, 20).map((d) => `  ${d.messageId}`),
                  'then run `fairshare notices send --mark-in-doubt-sent` (the relay has them) or `--retry-in-doubt` (it does not).',
                ]
              : []),
          ].join('\n'),
        );
      }),
    );

  notices
    .command('bounces')
    .description('import a bounce report (columns: email or notice_id, type hard|soft, reason, bounced_at); all-or-nothing')
    .argument('<file>', 'the CSV file')
    .action(
      action(async (file: string) => {
        if (!fs.existsSync(file)) throw new InputError(`${file}: no such file`);
        const s = await requireSettlement(g().settlement);
        const { actor } = await resolveActor(g());
        const r = await importBounces(await db(), s.id, file, { file, actor });
        print(g(), r, () => `${r.rows} bounces (${r.hard} hard, ${r.soft} soft): ${r.messagesBounced} messages marked bounced, ${r.membersUndeliverable} members undeliverable`);
      }),
    );

  notices
    .command('status')
    .description('notice counts: issued, sent, delivered, bounced, re-sent, postcards, queued, in doubt')
    .action(
      action(async () => {
        const s = await requireSettlement(g().settlement);
        const c = await noticeCounts(await db(), s.id);
        print(g(), c, () =>
          Object.entries(c)
            .filter(([, v]) => typeof v === 'number')
            .map(([k, v]) => `${k.padEnd(14)} ${Number(v).toLocaleString('en-US')}`)
            .join('\n'),
        );
      }),
    );
}
