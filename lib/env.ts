import { z } from 'zod';
import { AppError } from './errors';

/**
 * The one place configuration is read (ARCHITECTURE.md "configuration is read once"). Every setting
 * fairshare knows is declared here with its type and default; code asks `env()` instead of reading
 * process.env, so a typo'd or malformed value fails with the variable's name instead of somewhere deep.
 *
 * `env()` re-parses only when a variable it knows changed (tests change SMTP_URL between files), so
 * it is cheap to call on every request. `productionProblems()` is the start-up check: instrumentation.ts
 * runs it when `next start` boots and exits the process if anything is wrong, so a misconfigured
 * server never answers 500 on every page.
 *
 * No Node-only imports: the CLI (tsx) and the Next server both load this file.
 */

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const flag = opt(z.enum(['0', '1'], { error: 'must be 0 or 1' }));
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. https://claims.example.com' })
  .transform((u) => u.replace(/\/+$/, ''));

export const envSchema = z.object({
  NODE_ENV: z.preprocess(blank, z.enum(['development', 'production', 'test']).default('development')),
  /** Set by `next dev` / `next start` to the port they listen on (so dev links carry the real port). */
  PORT: opt(int(1, 65535)),
  /** PostgreSQL (`postgres://…`); unset: embedded PGlite in FAIRSHARE_DATA_DIR. */
  DATABASE_URL: opt(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })),
  FAIRSHARE_DATA_DIR: opt(z.string()),
  /** 32 random bytes, base64: wraps every settlement's data key (lib/privacy/keys.ts). */
  FAIRSHARE_MASTER_KEY: opt(
    z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64 (`openssl rand -base64 32`)'),
  ),
  /** Signs and encrypts staff sessions; AUTH_SECRET is accepted as next-auth's other name for it. */
  NEXTAUTH_SECRET: opt(z.string()),
  AUTH_SECRET: opt(z.string()),
  /** The console's own URL (next-auth); also the public base URL unless FAIRSHARE_PUBLIC_URL is set. */
  NEXTAUTH_URL: opt(httpUrl),
  /** The settlement website's address as claimants see it, for links in e-mails. */
  FAIRSHARE_PUBLIC_URL: opt(httpUrl),
  SMTP_URL: opt(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  MAIL_FROM: z.preprocess(blank, z.string().default('Settlement Administrator <no-reply@fairshare.local>')),
  /** 1: create the demo settlement at start (the default in development; production only when 1). */
  FAIRSHARE_DEMO: flag,
  FAIRSHARE_DEMO_ACTIVITY: flag,
  FAIRSHARE_DEMO_STAFF: flag,
  FAIRSHARE_E2E: flag,
  PG_POOL_SIZE: z.preprocess(blank, int(1, 1000).default(10)),
  FAIRSHARE_INTAKE_RATE_LIMIT: z.preprocess(blank, int(1, 1_000_000_000).default(30)),
  /** Staff sign-in attempts per client address per minute, counted before any password is checked. */
  FAIRSHARE_SIGNIN_RATE_LIMIT: z.preprocess(blank, int(1, 1_000_000).default(10)),
  /** 0: the app does not migrate at start (it runs as a role without DDL rights; `fairshare db migrate` as the owner). */
  FAIRSHARE_MIGRATE: flag,
  /** The Ed25519 key that signs audit checkpoints (PEM PKCS #8 or base64 seed), or a file holding it: never in the database. */
  FAIRSHARE_AUDIT_KEY: opt(z.string()),
  FAIRSHARE_AUDIT_KEY_FILE: opt(z.string()),
  /** A verifier's trusted public key, for checking checkpoints without the private key. */
  FAIRSHARE_AUDIT_PUBLIC_KEY: opt(z.string()),
  /** How many reverse proxies in front of the server append to X-Forwarded-For (0: use the socket address). */
  FAIRSHARE_TRUSTED_PROXIES: z.preprocess(blank, int(0, 10).default(0)),
  /** Who runs the CLI (a staff e-mail); `--actor` overrides it. */
  FAIRSHARE_ACTOR: opt(z.email({ error: 'must be the e-mail address of a staff user' })),
  FAIRSHARE_SETTLEMENT: opt(z.string()),
  FAIRSHARE_DOCUMENTS_DIR: opt(z.string()),
  FAIRSHARE_DEBUG: flag,
  /** The Stripe rail (lib/disburse/stripe): the secret API key, and the webhook endpoint's signing secret. */
  STRIPE_SECRET_KEY: opt(z.string().regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret or restricted key (sk_… / rk_…)')),
  STRIPE_WEBHOOK_SECRET: opt(z.string().startsWith('whsec_', 'must be a webhook signing secret (whsec_…)')),
  /** Tests and e2e only: the local fake Stripe (lib/disburse/stripe/testing/fake-stripe.ts). Unset in production. */
  STRIPE_API_BASE: opt(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })),
  /**
   * Whether the web server also runs queued jobs in its own process (lib/jobs/worker.ts). Unset: yes on
   * embedded PGlite (the only process allowed on its folder), no on PostgreSQL (run `fairshare worker`).
   */
  FAIRSHARE_WORKER: flag,
});
export type Env = z.infer<typeof envSchema>;
const KEYS = Object.keys(envSchema.shape) as (keyof Env)[];

let cached: { key: string; env: Env } | undefined;

/** The parsed configuration. Throws a `misconfigured` AppError naming every bad variable. */
export function env(source: Record<string, string | undefined> = process.env): Env {
  const key = KEYS.map((k) => source[k] ?? '\u0000').join('\u0001');
  if (source === process.env && cached?.key === key) return cached.env;
  const r = envSchema.safeParse(Object.fromEntries(KEYS.map((k) => [k, source[k]])));
  if (!r.success) {
    const details = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('misconfigured', `invalid configuration: ${details.join('; ')}`, { details, field: String(r.error.issues[0].path[0]) });
  }
  if (source === process.env) cached = { key, env: r.data };
  return r.data;
}

export const isProduction = (e: Env = env()) => e.NODE_ENV === 'production';

/**
 * The public address of the settlement website, for links in e-mails and printed instructions:
 * FAIRSHARE_PUBLIC_URL, else NEXTAUTH_URL, else (development) http://localhost:PORT — the port the
 * server really listens on, which `next dev -p 3001` sets in PORT.
 */
export function publicBaseUrl(e: Env = env()): string {
  return e.FAIRSHARE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT ?? 3000}`;
}

/** The console's address (invitation links): NEXTAUTH_URL, else the public address. */
export function consoleBaseUrl(e: Env = env()): string {
  return e.NEXTAUTH_URL ?? publicBaseUrl(e);
}

/** Secrets copied from examples and tutorials: an attacker tries these first. */
const PLACEHOLDER_SECRETS = new Set(['secret', 'password', 'nextauth_secret', 'nextauth-secret', 'development-secret', 'supersecret', 'mysecret']);
/** Phrases that only appear in a value somebody meant to replace. */
const PLACEHOLDER_PHRASES = ['changeme', 'change-me', 'change_me', 'changethis', 'not-for-production', 'your-secret', 'your_secret', 'replace-me', 'replace_me', 'replace-with', 'example'];
export const MIN_SECRET_CHARS = 32;

/** Why a session secret is unfit for production, or null. */
export function weakSecret(secret: string): string | null {
  const lower = secret.toLowerCase();
  if (PLACEHOLDER_SECRETS.has(lower) || PLACEHOLDER_PHRASES.some((p) => lower.includes(p))) return 'is a placeholder from an example';
  if (secret.length < MIN_SECRET_CHARS) return `is ${secret.length} characters; use at least ${MIN_SECRET_CHARS}`;
  if (new Set(secret).size < 10) return 'repeats too few different characters to be random';
  return null;
}

const HOW_SECRET = 'make one with `openssl rand -base64 32`';

/**
 * What a production start is missing, one line per variable, each naming it and how to make a good
 * value. Empty when the server may start. Also reports malformed values of any known variable.
 */
export function productionProblems(source: Record<string, string | undefined> = process.env): string[] {
  let e: Env;
  try {
    e = env(source);
  } catch (err) {
    return (err as AppError).details;
  }
  const problems: string[] = [];
  const secret = e.NEXTAUTH_SECRET ?? e.AUTH_SECRET;
  if (!secret) problems.push(`NEXTAUTH_SECRET is not set: it signs staff sessions; ${HOW_SECRET}`);
  else {
    const weak = weakSecret(secret);
    if (weak) problems.push(`NEXTAUTH_SECRET ${weak}; ${HOW_SECRET}`);
  }
  if (!e.FAIRSHARE_MASTER_KEY)
    problems.push(
      'FAIRSHARE_MASTER_KEY is not set: it protects every settlement’s personal data; make one with `openssl rand -base64 32` and keep a copy somewhere safe (without it the data cannot be read)',
    );
  if (!e.NEXTAUTH_URL) problems.push('NEXTAUTH_URL is not set: the console’s public address, e.g. https://claims.example.com');
  // The Stripe rail: a production server must talk to Stripe itself, and hear back only through signed webhooks.
  if (e.STRIPE_API_BASE) problems.push('STRIPE_API_BASE is set: it points the Stripe rail at a test server; unset it in production');
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_WEBHOOK_SECRET is not set: without it Stripe’s payment results (webhooks) are refused; copy the signing secret of the event destination');
  return problems;
}
