/**
 * A worker in its own process for lib/jobs/workers.test.ts (run with tsx): the test job registered,
 * one worker on DATABASE_URL; prints "started <runId>" as it takes a run so the test can kill it mid-job.
 */
import { openDb } from '@/db/client';
import { registerJob } from '../registry';
import { startWorker } from '../worker';
import { countJob } from './count-job';

registerJob(countJob);
const handle = await openDb({ migrate: false });
await startWorker(handle, {
  queues: [countJob.name],
  pollingIntervalSeconds: 0.5,
  progressEveryMs: 0,
  onEvent: (e) => process.stdout.write(`${e.event} ${e.runId}\n`),
});
process.stdout.write('ready\n');
