import path from 'node:path';
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
  async run(ctx, params) {
    const r = await generateDataset(params, { progress: (d, t, n) => ctx.progress(d, t, n), signal: ctx.signal });
    return { classMembers: r.classMembers, claims: r.claims, fraud: r.fraud, out: path.resolve(params.out) };
  },
};
