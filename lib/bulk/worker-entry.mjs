// The entry of a bulk-import worker thread (lib/bulk/workers.ts). Plain JavaScript so Node can start it
// anywhere; it registers tsx (as bin/fairshare.mjs does) and loads the TypeScript task module named in
// workerData, whose `setup(init)` returns the function each batch goes through.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register({ tsconfig: workerData.tsconfig });
  const task = await import(workerData.module);
  const run = await task.setup(workerData.init);
  parentPort.on('message', ({ id, input }) => {
    try {
      parentPort.postMessage({ id, output: run(input) });
    } catch (e) {
      parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  });
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ failed: e instanceof Error ? e.message : String(e) });
}
