/**
 * bench/signin-flood — what 60 concurrent failed sign-ins do to the public site (issue 6 §4).
 *
 * Starts the production server (`next build` first; PostgreSQL), then measures claim-submission latency
 * (the claim form's server action, posted as React posts it) and settlement home page latency:
 *   1. quiet: no sign-in traffic;
 *   2. flood from one address: 60 concurrent loops of bad sign-ins (unknown e-mails, and wrong passwords
 *      for a real administrator) through next-auth's credentials callback;
 *   3. flood from 60 addresses (only meaningful where the server trusts one proxy hop: the bench starts
 *      it with FAIRSHARE_TRUSTED_PROXIES=1 and gives each attacker loop its own X-Forwarded-For), i.e. a
 *      botnet the per-IP limit cannot absorb, so what is left is the bounded hashing work.
 * Prints p50/p99 for each phase and how the sign-in attempts were answered.
 *
 *   npx tsx bench/signin-flood.ts [--seconds 20] [--attackers 60] [--claimers 4]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { actionId, claimActionArgs, freshDatabase, waitFor } from './claim-action';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    attackers: { type: 'string', default: '60' },
    claimers: { type: 'string', default: '4' },
    port: { type: 'string', default: '3192' },
  },
});
const SECONDS = Number(args.seconds);
const ATTACKERS = Number(args.attackers);
const CLAIMERS = Number(args.claimers);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);





const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

type Phase = { name: string; claims: number[]; claimFailures: number; home: number[]; signIns: Record<string, number> };

/** Claimers submit claims back to back and one loop fetches the home page, until `until`. */
async function measure(submitId: string, until: number, phase: Phase) {
  const claimer = async () => {
    while (Date.now() < until) {
      const t = performance.now();
      const res = await fetch(`${BASE}/tiktok/claim`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', 'next-action': submitId, origin: BASE },
        body: JSON.stringify(claimActionArgs()),
      }).catch(() => null);
      const body = res ? await res.text() : '';
      const ms = performance.now() - t;
      if (res?.status === 200 && /"ok":true,"claimId":"CL-/.test(body)) phase.claims.push(ms);
      else phase.claimFailures++;
    }
  };
  const home = async () => {
    while (Date.now() < until) {
      const t = performance.now();
      const res = await fetch(`${BASE}/tiktok`).catch(() => null);
      if (res) await res.arrayBuffer();
      phase.home.push(performance.now() - t);
    }
  };
  await Promise.all([...Array.from({ length: CLAIMERS }, claimer), home()]);
}

/** One attacker loop: bad sign-ins through next-auth's credentials callback, back to back. */
async function attacker(i: number, until: number, phase: Phase, spoofIp: boolean) {
  const ip = spoofIp ? `198.51.100.${(i % 250) + 1}` : undefined;
  const h = (extra: Record<string, string> = {}) => ({ ...(ip ? { 'x-forwarded-for': ip } : {}), ...extra });
  while (Date.now() < until) {
    try {
      const csrf = await fetch(`${BASE}/api/auth/csrf`, { headers: h() });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      // Half unknown accounts, half a real administrator with a wrong password.
      const email = i % 2 ? `nobody-${randomUUID().slice(0, 6)}@example.com` : 'admin@fairshare.test';
      const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: h({ 'content-type': 'application/x-www-form-urlencoded', cookie }),
        body: new URLSearchParams({ email, password: 'wrong-password-123', code: '123456', csrfToken, json: 'true' }),
      });
      const text = await res.text();
      const error = /error=([A-Za-z]+)/.exec(text + (res.headers.get('location') ?? ''))?.[1] ?? `http ${res.status}`;
      phase.signIns[error] = (phase.signIns[error] ?? 0) + 1;
    } catch {
      phase.signIns.network = (phase.signIns.network ?? 0) + 1;
    }
  }
}

async function runPhase(name: string, submitId: string, attackers: number, spoofIp: boolean): Promise<Phase> {
  log(`${name}: ${SECONDS} s…`);
  const phase: Phase = { name, claims: [], claimFailures: 0, home: [], signIns: {} };
  const until = Date.now() + SECONDS * 1000;
  await Promise.all([measure(submitId, until, phase), ...Array.from({ length: attackers }, (_, i) => attacker(i, until, phase, spoofIp))]);
  // Let the server drain what the attackers left queued before the next phase.
  await new Promise((r) => setTimeout(r, 3000));
  return phase;
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, '.next/BUILD_ID'))) {
    log('building the production server…');
    execFileSync(path.join(ROOT, 'node_modules/.bin/next'), ['build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const submitId = actionId('submitClaimAction');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-flood-'));
  const smtpPort = PORT + 1;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    FAIRSHARE_MASTER_KEY: randomBytes(32).toString('base64'),
    FAIRSHARE_INTAKE_RATE_LIMIT: String(1e9),
    FAIRSHARE_DATA_DIR: dataDir,
    FAIRSHARE_DEMO: '1',
    FAIRSHARE_TRUSTED_PROXIES: '1',
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
    NEXTAUTH_URL: BASE,
    PG_POOL_SIZE: '10',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    DATABASE_URL: await freshDatabase('fairshare_bench_flood'),
  };
  const smtp = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/mail-catcher.ts', String(smtpPort), '-'], { cwd: ROOT, env, stdio: 'ignore' });
  // server.mjs (npm start) where the build has it; `next start` for a build from before it existed (the baseline).
  const entry = fs.existsSync(path.join(ROOT, 'server.mjs')) ? [process.execPath, 'server.mjs'] : [path.join(ROOT, 'node_modules/.bin/next'), 'start'];
  const app = spawn(entry[0], [...entry.slice(1), '-p', String(PORT), '-H', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const phases: Phase[] = [];
  try {
    await waitFor(`${BASE}/api/health`, app);
    await fetch(`${BASE}/tiktok/claim`);
    await fetch(`${BASE}/tiktok`);
    phases.push(await runPhase('quiet', submitId, 0, false));
    phases.push(await runPhase(`${ATTACKERS} bad sign-ins, one address`, submitId, ATTACKERS, false));
    phases.push(await runPhase(`${ATTACKERS} bad sign-ins, ${ATTACKERS} addresses`, submitId, ATTACKERS, true));
  } finally {
    app.kill('SIGTERM');
    smtp.kill('SIGTERM');
  }
  const f = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(0));
  console.log(`\nclaim submission during failed sign-ins, ${SECONDS} s per phase, ${CLAIMERS} claimers, PostgreSQL, ${os.cpus().length} cores`);
  console.log('| phase | claims ok | claims failed | claim p50 ms | claim p99 ms | home p50 ms | home p99 ms | sign-in answers |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const p of phases) {
    const answers = Object.entries(p.signIns).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
    console.log(`| ${p.name} | ${p.claims.length} | ${p.claimFailures} | ${f(pct(p.claims, 50))} | ${f(pct(p.claims, 99))} | ${f(pct(p.home, 50))} | ${f(pct(p.home, 99))} | ${answers} |`);
  }
}

await main();
