import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settlements } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { importClassList, type ClassListImportResult } from './import';

/**
 * `classlist.import` as a job: the CLI runs it here (runJobHere), the queue on a worker. Idempotent by
 * construction: the import is one transaction, so a killed run left nothing behind and a re-run of a
 * finished one (the same file, merge or replace) finds every record unchanged and changes nothing.
 */
export const classListImportParams = z.object({
  settlementId: z.uuid(),
  /** A file the worker can read (the console streams an upload to the data folder first). */
  path: z.string().min(1),
  mode: z.enum(['merge', 'replace']).default('merge'),
  /** The name shown in messages (an upload's original name); defaults to the file's own. */
  fileName: z.string().min(1).max(255).optional(),
});
export type ClassListImportParams = z.infer<typeof classListImportParams>;

export const classListImportJob: JobDefinition<ClassListImportParams, ClassListImportResult> = {
  name: 'classlist.import',
  title: 'Import the class list',
  permission: 'classlist:import',
  params: classListImportParams,
  async run(ctx, p) {
    const db = ctx.handle.db;
    const [settlement] = await db.select().from(settlements).where(eq(settlements.id, p.settlementId));
    if (!settlement) throw new AppError('not_found', `no settlement ${p.settlementId}`);
    return importClassList(db, settlement, p.path, ctx.actor, {
      mode: p.mode,
      fileName: p.fileName,
      onProgress: (rows) => ctx.progress(rows, undefined, 'rows read'),
    });
  },
};
