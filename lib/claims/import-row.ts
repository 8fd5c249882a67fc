import { isIP } from 'node:net';
import { z } from 'zod';
import { parseIsoDateTime } from '@/lib/csv/read';
import { normalisePhone } from '@/lib/privacy/normalise';
import { paymentMethods, type SettlementConfig } from '@/lib/settlements/config';
import { zonedInstant } from '@/lib/settlements/deadlines';
import { NOTICE_PREFIX, parsePublicId } from './claim-id';
import { parsePaymentHandle } from './payment-handle';
import { checkText, parseUsState, textMessage, TEXT_MAX, US_STATE_MESSAGE, type TextKind } from '@/lib/text/rules';
import type { ClaimPii, IntakeMeta, PaymentDetails } from './seal';

/**
 * Pure core: one row of a claims import file (INTERFACES.md §2.2) → a claim ready to seal, or zod
 * issues whose path is the column name, so the importer can say `claims.csv:14:5 (email): …`.
 * Messages never repeat the personal value that failed: they end up in terminals and CI logs.
 */

export const CLAIM_COLUMNS = [
  'claim_ref', 'notice_id', 'confirmation_code', 'first_name', 'last_name', 'email', 'phone', 'username',
  'street', 'city', 'state', 'zip', 'country', 'attestations', 'payment_method', 'payment_handle',
  'submitted_at', 'ip', 'user_agent', 'device_id', 'form_seconds', 'channel',
] as const;
export const REQUIRED_CLAIM_COLUMNS = ['claim_ref', 'first_name', 'last_name', 'email', 'payment_method'] as const;

export type ImportedClaim = {
  claimRef: string;
  noticeId?: string;
  confirmationCode?: string;
  pii: ClaimPii;
  payment: PaymentDetails;
  attestations: string[];
  submittedAt: Date;
  channel: 'web' | 'mail' | 'import';
  intake: IntakeMeta;
  formSeconds?: number;
};

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Embedding and override controls flip how text is shown (`‮gpj.exe`), so a reviewer sees something else than what is stored. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const FORMULA_START = /^[=+\-@]/;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function text(max: number) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .max(max, `is longer than ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'contains a control character (a line break, tab or similar)')
    .refine((v) => !BIDI.test(v), 'contains an invisible text-direction override (U+202A–U+202E or U+2066–U+2069) that disguises what is shown');
}

const required = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** Names, streets and cities follow the rules every channel shares (lib/text/rules.ts), so a claim imported and one filed online normalise alike. */
function ruled(kind: TextKind, max = TEXT_MAX[kind]) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
    .transform((v, ctx) => {
      const r = checkText(kind, v, max);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: textMessage(r.problem, kind, { max }) });
      return z.NEVER;
    });
}

const emailSchema = z.email();
const email = text(254).refine((v) => emailSchema.safeParse(v).success, 'not a valid e-mail address');

const isUs = (country: string | undefined) => !country || /^(us|usa|united states( of america)?)$/i.test(country);

export function claimRowSchema(config: SettlementConfig, now: Date) {
  const offered = new Set<string>(config.paymentMethods);
  const knownAttestations = new Set(config.attestations.map((a) => a.key));
  const tz = config.dates.timeZone;

  const row = z.object({
    claim_ref: required(text(100).refine((v) => v.length > 0, 'is required')),
    notice_id: optional(
      text(40).refine((v) => parsePublicId(v, NOTICE_PREFIX) !== null, 'not a valid Notice ID (e.g. N-7K3M-9QX2-D; check the characters)'),
    ),
    confirmation_code: optional(text(20).refine((v) => /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/.test(v), 'letters and digits only (dashes between groups allowed)')),
    first_name: required(ruled('name')),
    last_name: required(ruled('name')),
    email: required(email),
    phone: optional(text(30).refine((v) => normalisePhone(v) !== null, 'not a valid phone number')),
    username: optional(text(100).refine((v) => !FORMULA_START.test(v), 'must not start with = + - or @')),
    street: optional(ruled('street')),
    city: optional(ruled('city')),
    state: optional(ruled('city', 50)),
    zip: optional(text(20)),
    country: optional(text(60)),
    attestations: optional(
      z
        .string()
        .transform((v) => [...new Set(v.split(';').map((a) => a.trim()).filter(Boolean))])
        .superRefine((list, ctx) => {
          const unknown = list.filter((a) => !knownAttestations.has(a));
          if (unknown.length)
            ctx.addIssue({
              code: 'custom',
              message: `unknown attestation${unknown.length > 1 ? 's' : ''} ${unknown.map((a) => `"${a.slice(0, 40)}"`).join(', ')} (this settlement has: ${[...knownAttestations].join(', ') || 'none'})`,
            });
        }),
    ),
    payment_method: required(
      z
        .string({ error: 'is required' })
        .trim()
        .toLowerCase()
        .superRefine((m, ctx) => {
          const all: readonly string[] = paymentMethods;
          if (!all.includes(m)) ctx.addIssue({ code: 'custom', message: `unknown payment method "${m.slice(0, 30)}" (this settlement offers: ${config.paymentMethods.join(', ')})` });
          else if (!offered.has(m)) ctx.addIssue({ code: 'custom', message: `"${m}" is not offered by this settlement (it offers: ${config.paymentMethods.join(', ')})` });
        }),
    ),
    payment_handle: optional(z.string().trim().max(200, 'is longer than 200 characters')),
    submitted_at: optional(
      z
        .string()
        .transform((v, ctx) => {
          const p = parseIsoDateTime(v);
          if (!p) {
            ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 date-time (e.g. 2022-02-28T14:05:00-05:00)' });
            return z.NEVER;
          }
          // A time without an offset is the settlement's local time, like its deadlines.
          const at = p.offset ? new Date(v.trim().replace(' ', 'T')) : zonedInstant(p.date, tz, p.h, p.m, p.s, p.ms);
          if (Number.isNaN(at.getTime())) {
            ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 date-time' });
            return z.NEVER;
          }
          if (at.getTime() > now.getTime() + 5 * 60_000) {
            ctx.addIssue({ code: 'custom', message: 'is in the future' });
            return z.NEVER;
          }
          return at;
        }),
    ),
    ip: optional(z.string().trim().refine((v) => isIP(v) !== 0, 'not a valid IP address')),
    user_agent: optional(text(1000)),
    device_id: optional(text(200)),
    form_seconds: optional(
      z
        .string()
        .trim()
        .regex(/^\d{1,7}$/, 'must be a whole number of seconds')
        .transform(Number),
    ),
    channel: optional(z.string().trim().toLowerCase().pipe(z.enum(['web', 'mail', 'import'], { error: 'must be web, mail or import' }))),
  });

  return row
    .superRefine((r, ctx) => {
      // Runs even when some columns failed (so one pass reports everything), using only the columns that passed.
      const failed = new Set(ctx.issues.map((i) => String(i.path?.[0])));
      const ok = (...cols: string[]) => cols.every((c) => !failed.has(c));
      if (!ok('notice_id', 'confirmation_code', 'payment_method', 'payment_handle', 'email', 'zip', 'country', 'street', 'city', 'state')) {
        r = Object.fromEntries(Object.entries(r).filter(([k]) => ok(k))) as typeof r;
      }
      if (r.notice_id && !r.confirmation_code && ok('confirmation_code')) ctx.addIssue({ code: 'custom', path: ['confirmation_code'], message: 'is required with a notice_id (both are printed on the notice)' });
      if (r.confirmation_code && !r.notice_id && ok('notice_id')) ctx.addIssue({ code: 'custom', path: ['notice_id'], message: 'is required with a confirmation_code' });
      const method = r.payment_method as (typeof paymentMethods)[number];
      if (offered.has(method) && ok('email', 'payment_handle')) {
        const result = parsePaymentHandle(method, r.payment_handle, r.email);
        if (!result.ok) ctx.addIssue({ code: 'custom', path: ['payment_handle'], message: result.message });
      }
      const us = isUs(r.country);
      // In the U.S. a state is one of the real ones (ZZ is not), stored as its USPS code like the claim form's.
      if (r.state && us && ok('state')) {
        const code = parseUsState(r.state);
        if (!code) ctx.addIssue({ code: 'custom', path: ['state'], message: US_STATE_MESSAGE });
      }
      if (r.zip && us && !/^\d{5}(-\d{4})?$/.test(r.zip)) {
        const hint = /^\d{3,4}$/.test(r.zip) ? `; a spreadsheet may have dropped leading zeros (did you mean ${r.zip.padStart(5, '0')}?)` : '';
        ctx.addIssue({ code: 'custom', path: ['zip'], message: `not a U.S. ZIP code (5 digits, or ZIP+4)${hint}` });
      }
      if (method === 'check') {
        for (const col of ['street', 'city', 'state', 'zip'] as const)
          if (!r[col] && ok(col)) ctx.addIssue({ code: 'custom', path: [col], message: 'is required for payment by check (the check is mailed there)' });
      }
    }, { when: () => true })
    .transform((r): ImportedClaim => {
      const payment = parsePaymentHandle(r.payment_method as (typeof paymentMethods)[number], r.payment_handle, r.email);
      if (!payment.ok) throw new Error('unreachable: payment handle was validated');
      return {
        claimRef: r.claim_ref,
        noticeId: r.notice_id ? parsePublicId(r.notice_id, NOTICE_PREFIX)! : undefined,
        confirmationCode: r.confirmation_code?.toUpperCase(),
        pii: {
          firstName: r.first_name,
          lastName: r.last_name,
          email: r.email,
          phone: r.phone,
          street: r.street,
          city: r.city,
          state: r.state && isUs(r.country) ? (parseUsState(r.state) ?? r.state) : r.state,
          zip: r.zip,
          country: r.country,
          usernames: r.username ? [r.username] : [],
        },
        payment: payment.payment,
        attestations: r.attestations ?? [],
        submittedAt: r.submitted_at ?? now,
        channel: r.channel ?? 'import',
        intake: { ip: r.ip, userAgent: r.user_agent, deviceId: r.device_id },
        formSeconds: r.form_seconds,
      };
    });
}
