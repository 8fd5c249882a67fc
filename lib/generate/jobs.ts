import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '@/db/client';
import type { JobDefinition } from '@/lib/jobs/types';
import { generateDataset, generateParams, type GenerateParams } from './write';

/**
 * `generate.dataset`: the synthetic class list, claims and labels as a job (the console's Jobs page can
 * start it; the files go to a folder on the worker's machine). Resumable by repetition: it rewrites the
 * same bytes from the seed.
 */
export const generateDatasetJob: JobDefinition<GenerateParams, { classMembers: number; claims: number; fraud: number; out: string }> = {
  name: 'generate.dataset',
  title: 'Generate a synthetic data set',
  params: generateParams,
  permission: 'jobs:run',
  // From the console the size is capped and the folder is chosen by the server (under the data folder).
  fromConsole: {
    input: z.object({
      classMembers: z.coerce.number().int().min(1).max(1_000_000),
      claims: z.coerce.number().int().min(0).max(1_000_000),
      fraudRate: z.coerce.number().min(0).max(1),
      seed: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ (up to 40)'),
    }),
    toParams(input, ctx) {
      const i = input as Omit<GenerateParams, 'out'>;
      return { ...i, out: path.join(dataDir(), 'generated', ctx.settlementId, `seed-${i.seed}-${i.classMembers}-${i.claims}`) };
    },
  },
  async run(ctx, params) {
    const r = await generateDataset(params, { progress: (d, t, n) => ctx.progress(d, t, n), signal: ctx.signal });
    return { classMembers: r.classMembers, claims: r.claims, fraud: r.fraud, out: path.resolve(params.out) };
  },
};
