import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { achConfigSchema } from './ach/nacha';
import { positivePaySchema } from './check/positive-pay';

/**
 * The fund's own settings for each file rail (its bank's NACHA identifiers, the check account and
 * positive-pay layout, PayPal's currency and note, the card vendor's program): given to `fairshare
 * disburse --rails FILE.json` and stored with each disbursement. These are the administrator's bank
 * details, not claimants'; they are not secrets, but they are not in the settlement's public config.
 */

export const checkConfigSchema = z.object({
  /** The fund's checking account the checks are drawn on (positive pay names it). */
  account: z.string().regex(/^\d{4,17}$/, 'must be 4 to 17 digits'),
  /** The first check number of the settlement (numbers then go up by one, never reused). */
  firstCheckNumber: z.number().int().min(1).max(9_999_999_999).default(100001),
  positivePay: positivePaySchema.default({ preset: 'common' }),
  /** Printed on the check letter. */
  payerName: z.string().min(1).max(80),
  memo: z.string().max(80).default('Settlement payment'),
});
export type CheckConfig = z.infer<typeof checkConfigSchema>;

export const paypalConfigSchema = z.object({
  currency: z.literal('USD').default('USD'),
  /** Shown to the recipient; PayPal requires a note for Venmo payments. */
  note: z.string().min(1).max(4000),
  /** PayPal's web upload takes at most 5,000 rows a file. */
  maxRowsPerFile: z.number().int().min(1).max(5000).default(5000),
});
export type PaypalConfig = z.infer<typeof paypalConfigSchema>;

export const prepaidConfigSchema = z.object({
  /** The card program / client id the vendor gave the fund. */
  program: z.string().min(1).max(40),
});
export type PrepaidConfig = z.infer<typeof prepaidConfigSchema>;

/**
 * Stripe Global Payouts (lib/disburse/stripe, docs/decisions/0023): the fund's financial account the
 * money leaves from. The secret key is NOT here (a file can be shared): STRIPE_SECRET_KEY (lib/env.ts).
 */
export const stripeConfigSchema = z.object({
  financialAccount: z.string().regex(/^fa_[A-Za-z0-9_]+$/, 'must be a Stripe financial account id (fa_…)'),
  currency: z.literal('usd').default('usd'),
  description: z.string().min(1).max(100).default('Settlement payment'),
});
export type StripeConfig = z.infer<typeof stripeConfigSchema>;

export const railsConfigSchema = z.object({
  stripe: stripeConfigSchema.optional(),
  ach: achConfigSchema.optional(),
  check: checkConfigSchema.optional(),
  paypal: paypalConfigSchema.optional(),
  prepaid: prepaidConfigSchema.optional(),
});
export type RailsConfig = z.infer<typeof railsConfigSchema>;

/** Reads and validates a rails file; errors name the file and the JSON path. */
export function loadRailsConfig(path: string): RailsConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError('bad_input', `${path}: ${(e as Error).message}`);
  }
  const r = railsConfigSchema.safeParse(raw);
  if (!r.success) throw new AppError('bad_input', `${path}: the rail settings are not valid`, { details: r.error.issues.map((i) => `${path}: ${i.path.join('.') || '(top)'}: ${i.message}`) });
  return r.data;
}
