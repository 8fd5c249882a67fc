import { formatCents } from '@/lib/money';
import { settlementConfigSchema, paymentMethods, type SettlementConfig } from './config';

/**
 * The settings form of the console: a few structured fields (dates, deductions, tier units, payment
 * methods, contact) over a raw JSON editor holding the whole configuration. Structured fields win over
 * the same keys in the JSON. Pure, so the page and the tests share it.
 */

export const DATE_FIELDS = ['noticeDate', 'optOutDeadline', 'objectionDeadline', 'claimDeadline', 'finalApprovalHearing', 'effectiveDate', 'paymentDate'] as const;
export const DAY_FIELDS = ['checkVoidDays', 'cureDays', 'dataDestructionDays'] as const;
export const DEDUCTION_FIELDS = ['attorneysFees', 'expenses', 'serviceAwards', 'administrationCosts', 'taxes', 'reserves'] as const;

export type FormValues = Record<string, string | string[] | undefined>;
export type SettingsResult = { ok: true; config: SettlementConfig } | { ok: false; errors: Record<string, string> };

/** "$1,234.56" → 123456 cents, exactly (no floating point); null when it is not an amount. */
export function dollarsToCents(input: string): number | null {
  const s = input.trim().replace(/^\$/, '').replace(/,/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The amount as the dollars field shows it ("30,663,600.05"): formatCents without the sign. */
export function dollarFieldValue(cents: number): string {
  return formatCents(cents).replace('$', '');
}

const str = (v: FormValues[string]) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

export function applySettingsForm(values: FormValues): SettingsResult {
  const errors: Record<string, string> = {};
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(str(values.raw) || '{}');
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the configuration must be a JSON object');
  } catch (e) {
    return { ok: false, errors: { raw: `Not valid JSON: ${(e as Error).message}` } };
  }
  const c = structuredClone(raw) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  c.dates ??= {};
  c.deductions ??= {};
  c.contact ??= {};

  if (values['dates.timeZone'] !== undefined) c.dates.timeZone = str(values['dates.timeZone']);
  for (const f of DATE_FIELDS) {
    const v = values[`dates.${f}`];
    if (v === undefined) continue;
    if (str(v)) c.dates[f] = str(v);
    else delete c.dates[f];
  }
  for (const f of DAY_FIELDS) {
    const v = values[`dates.${f}`];
    if (v === undefined) continue;
    if (!/^\d{1,4}$/.test(str(v))) errors[`dates.${f}`] = 'Enter a whole number of days';
    else c.dates[f] = Number(str(v));
  }
  for (const f of DEDUCTION_FIELDS) {
    const v = values[`deductions.${f}`];
    if (v === undefined) continue;
    const cents = dollarsToCents(str(v) || '0');
    if (cents === null) errors[`deductions.${f}`] = 'Enter an amount in dollars, like 1,500,000.00';
    else c.deductions[f] = cents;
  }
  if (Array.isArray(c.tiers)) {
    c.tiers.forEach((tier: Record<string, any>, i: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const kind = str(values[`tiers.${i}.kind`]);
      if (!kind) return;
      const num = (name: string, required: boolean) => {
        const v = str(values[`tiers.${i}.${name}`]);
        if (!v && !required) return undefined;
        const n = Number(v);
        // Units are whole numbers (config.ts): a fractional plan is written scaled, e.g. 10 and 60 for 1 and 6.
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) {
          errors[`tiers.${i}.${name}`] = 'Enter a whole number greater than zero (scale a fractional plan: 10 and 60 for 1 and 6)';
          return undefined;
        }
        return n;
      };
      if (kind === 'fixed') tier.units = { kind: 'fixed', shares: num('shares', true) };
      else if (kind === 'points') {
        const attribute = str(values[`tiers.${i}.attribute`]);
        if (!attribute) errors[`tiers.${i}.attribute`] = 'Name the class-list attribute that gives the points';
        const cap = num('cap', false);
        tier.units = { kind: 'points', attribute, perUnit: num('perUnit', true), ...(cap === undefined ? {} : { cap }) };
      } else errors[`tiers.${i}.kind`] = 'Choose fixed shares or points';
    });
  }
  if (values.paymentMethodsPresent !== undefined) {
    const chosen = ([] as string[]).concat(values.paymentMethods ?? []);
    c.paymentMethods = paymentMethods.filter((m) => chosen.includes(m));
    if (c.paymentMethods.length === 0) errors.paymentMethods = 'Offer at least one payment method';
  }
  for (const f of ['email', 'phone', 'mail'] as const) if (values[`contact.${f}`] !== undefined) c.contact[f] = str(values[`contact.${f}`]);

  const parsed = settlementConfigSchema.safeParse(c);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.') || 'raw';
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, config: parsed.data };
}
