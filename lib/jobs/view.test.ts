import { describe, expect, it } from 'vitest';
import { generateDatasetJob } from '@/lib/generate/jobs';
import { runView } from './view';
import type { JobRun } from './runs';

const base: JobRun = {
  id: '00000000-0000-4000-8000-000000000001', settlementId: null, name: 'x', params: { out: '/secret/path' }, status: 'running', progressDone: 5, progressTotal: 10,
  progressNote: null, result: null, error: null, actor: 'staff:1', bossJobId: null, attempts: 1, via: 'queue',
  createdAt: new Date(0), startedAt: new Date(0), finishedAt: null, heartbeatAt: new Date(1_000),
};

describe('runView', () => {
  it('never carries params, and calls a running run stale after two minutes without a heartbeat', () => {
    expect(runView(base, 60_000)).not.toHaveProperty('params');
    expect(runView(base, 60_000).stale).toBe(false);
    expect(runView(base, 200_000).stale).toBe(true);
    expect(runView({ ...base, status: 'succeeded' }, 200_000).stale).toBe(false);
  });
});

describe('generate.dataset from the console', () => {
  it('the server picks the folder, and console sizes are capped', () => {
    const c = generateDatasetJob.fromConsole!;
    const input = c.input.parse({ classMembers: '1000', claims: '10', fraudRate: '0.1', seed: 'abc', out: '/etc' });
    const p = c.toParams(input, { settlementId: 's1' });
    expect(p.out).toMatch(/generated[/\\]s1[/\\]seed-abc-1000-10$/);
    expect(c.input.safeParse({ classMembers: '5000000', claims: '1', fraudRate: '0', seed: 'a' }).success).toBe(false);
    expect(c.input.safeParse({ classMembers: '1', claims: '1', fraudRate: '0', seed: '../x' }).success).toBe(false);
  });
});
