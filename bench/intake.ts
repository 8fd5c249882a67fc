/**
 * bench/intake — claim intake through the production server (`next build && npm start`, i.e. server.mjs, PostgreSQL),
 * driven by autocannon, beside a bare Node HTTP server doing the same work. Prints claims/s, latency
 * percentiles, errors and lost claims for each, and the ratio (QUALITY.md: ≥ 300 claims/s, ≥ 50% of
 * the bare server, p99 ≤ 250 ms, 0 errors, 0 lost).
 *
 * The production path is the real one a browser takes: the claim form's server action, posted the
 * way React posts it (Next-Action header + JSON arguments).
 *
 *   npm run bench:intake -- [--seconds 60] [--connections 16]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { actionId, claimActionArgs, freshDatabase, waitFor } from './claim-action';
import autocannon from 'autocannon';
import pg from 'pg';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '16' } },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const ROOT = path.resolve(import.meta.dirname, '..');



/** How many of the acknowledged claim IDs are really in the database. */
async function countStored(url: string, claimIds: string[]): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query('select count(*)::int as n from claims where claim_id = any($1)', [claimIds]);
  await c.end();
  return rows[0].n;
}




type Figures = { name: string; rps: number; p50: number; p99: number; errors: number; acknowledged: number; lost: number };

async function drive(name: string, url: string, headers: Record<string, string>, databaseUrl: string): Promise<Figures> {
  const acknowledged: string[] = [];
  let failures = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(claimActionArgs()) }),
        onResponse: (status: number, body: string) => {
          // A server action answers 200 even when it refuses; only a claim ID counts as acknowledged.
          const id = status === 200 ? /"ok":true,"claimId":"(CL-[0-9A-Z-]+)"/.exec(body)?.[1] : undefined;
          if (id) acknowledged.push(id);
          else failures++;
        },
      },
    ],
  });
  const stored = await countStored(databaseUrl, acknowledged);
  return {
    name,
    rps: acknowledged.length / SECONDS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + failures,
    acknowledged: acknowledged.length,
    lost: acknowledged.length - stored,
  };
}

function start(cmd: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, '.next/BUILD_ID'))) {
    process.stderr.write('building the production server…\n');
    execFileSync(path.join(ROOT, 'node_modules/.bin/next'), ['build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const submitId = actionId('submitClaimAction');
  const common: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    FAIRSHARE_MASTER_KEY: randomBytes(32).toString('base64'),
    FAIRSHARE_INTAKE_RATE_LIMIT: String(1e9),
    FAIRSHARE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-bench-')),
    // A production start refuses a weak secret (lib/env.ts), and creates the demo only when asked.
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
    FAIRSHARE_DEMO: '1',
    PG_POOL_SIZE: '10',
    // Confirmation e-mails go over SMTP to a local sink, as in production.
    SMTP_URL: 'smtp://127.0.0.1:3189',
  };
  const smtp = start(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/mail-catcher.ts', '3189', '-'], { NODE_ENV: 'production' });

  // 1. The production server, sending its confirmation e-mails over SMTP to a local sink as in production.
  const appDb = await freshDatabase('fairshare_bench_intake');
  // server.mjs is `npm start`: the production entry point (it hands the app the socket address).
  const app = start(process.execPath, ['server.mjs', '-p', '3190', '-H', '127.0.0.1'], {
    ...common,
    DATABASE_URL: appDb,
    NEXTAUTH_URL: 'http://127.0.0.1:3190',
  });
  const figures: Figures[] = [];
  try {
    await waitFor('http://127.0.0.1:3190/api/health', app);
    await fetch('http://127.0.0.1:3190/tiktok/claim'); // first render warms the page's chunks
    process.stderr.write(`production server: ${SECONDS} s, ${CONNECTIONS} connections…\n`);
    figures.push(
      await drive('npm start (server action)', 'http://127.0.0.1:3190/tiktok/claim', {
        'content-type': 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
        'next-action': submitId,
        origin: 'http://127.0.0.1:3190',
      }, appDb),
    );
  } finally {
    app.kill('SIGTERM');
  }

  // 2. The bare Node baselines (bench/intake-baseline-server.ts): the same use case without the framework,
  //    and the plain validate-encrypt-insert floor.
  for (const mode of ['service', 'plain'] as const) {
    const baseDb = await freshDatabase(`fairshare_bench_intake_${mode}`);
    const base = start(path.join(ROOT, 'node_modules/.bin/tsx'), ['bench/intake-baseline-server.ts', '3191', mode], { ...common, DATABASE_URL: baseDb });
    try {
      await waitFor('http://127.0.0.1:3191/health', base);
      process.stderr.write(`bare Node server (${mode}): ${SECONDS} s, ${CONNECTIONS} connections…\n`);
      const name = mode === 'service' ? 'bare node:http + fileClaim' : 'bare node:http + 1 INSERT';
      figures.push(await drive(name, 'http://127.0.0.1:3191/claim', { 'content-type': 'application/json' }, baseDb));
    } finally {
      base.kill('SIGTERM');
      await new Promise((r) => base.once('exit', r));
    }
  }

  smtp.kill('SIGTERM');
  const [ours, service, plain] = figures;
  const row = (f: Figures) =>
    `| ${f.name.padEnd(28)} | ${f.rps.toFixed(0).padStart(8)} | ${f.p50.toFixed(0).padStart(7)} | ${f.p99.toFixed(0).padStart(7)} | ${String(f.errors).padStart(6)} | ${String(f.lost).padStart(4)} |`;
  console.log(`\nclaim intake, ${SECONDS} s, ${CONNECTIONS} connections, PostgreSQL, ${os.cpus().length} cores`);
  console.log('| server                       | claims/s | p50 ms  | p99 ms  | errors | lost |');
  console.log('|------------------------------|----------|---------|---------|--------|------|');
  for (const f of figures) console.log(row(f));
  console.log(`ratio: ${((100 * ours.rps) / service.rps).toFixed(0)}% of the bare server running the same use case (target ≥ 50%); ${((100 * ours.rps) / plain.rps).toFixed(0)}% of a bare single INSERT`);
  console.log(`${ours.acknowledged - ours.lost} of ${ours.acknowledged} acknowledged claims stored`);
}

await main();
