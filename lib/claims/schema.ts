import { z } from 'zod';
import type { PaymentDetails } from '@/lib/claims/seal';
import { NOTICE_PREFIX, parsePublicId } from '@/lib/claims/claim-id';
import { normalisePhone } from '@/lib/privacy/normalise';
import type { PaymentMethod, SettlementConfig } from '@/lib/settlements/config';
import { parseUsState, US_STATES } from '@/lib/text/rules';
import { parseVenmoHandle } from './payment-handle';
import { baseText, optional, personName, plainText } from './text';

/**
 * The claim form, one zod schema per step. The same schemas run in the browser (each step before
 * "Continue") and in the server action (all steps at once, returning every field error), so the two
 * can never disagree. Field names are flat strings so an error path is also the field's name.
 */

export type ClaimFormConfig = Pick<SettlementConfig, 'platform' | 'identifierLabel' | 'attestations' | 'paymentMethods'>;

export const STEPS = ['eligibility', 'identity', 'identifiers', 'attestation', 'payment', 'review', 'sign'] as const;
export type StepKey = (typeof STEPS)[number];

/** The list lives with the text rules (lib/text/rules.ts) so every channel accepts the same states. */
export { US_STATES };


export const MAX_USERNAMES = 5;

/** What the form holds: strings as typed (plus the username list, attestation keys and the declaration box). */
export type ClaimFormValues = {
  usResident: string;
  usedApp: string;
  filingFor: string;
  firstName: string;
  lastName: string;
  guardianName: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  email: string;
  phone: string;
  usernames: string[];
  noticeId: string;
  confirmationCode: string;
  attestations: string[];
  paymentMethod: string;
  paypalEmail: string;
  venmoHandle: string;
  zelleContact: string;
  cardEmail: string;
  achRouting: string;
  achAccount: string;
  achAccountConfirm: string;
  achAccountType: string;
  signature: string;
  declaration: boolean;
};

export function emptyClaimForm(): ClaimFormValues {
  return {
    usResident: '', usedApp: '', filingFor: '', firstName: '', lastName: '', guardianName: '', street: '', city: '', state: '',
    zip: '', email: '', phone: '', usernames: [''], noticeId: '', confirmationCode: '', attestations: [], paymentMethod: '',
    paypalEmail: '', venmoHandle: '', zelleContact: '', cardEmail: '', achRouting: '', achAccount: '', achAccountConfirm: '',
    achAccountType: '', signature: '', declaration: false,
  };
}

function email(label: string, name: string) {
  return baseText(label, name, 254).pipe(z.email(`Enter ${label} in the correct format, like name@example.com`));
}

function usPhone(label: string, name: string) {
  return baseText(label, name, 30).transform((s, ctx) => {
    const e164 = normalisePhone(s);
    if (!e164 || !e164.startsWith('+1')) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label} as a U.S. number, like (312) 555-0100` });
      return z.NEVER;
    }
    return e164;
  });
}

/** ABA routing numbers carry a check digit: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function isAbaRoutingNumber(s: string): boolean {
  if (!/^\d{9}$/.test(s)) return false;
  const d = [...s].map(Number);
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
  return sum % 10 === 0 && s !== '000000000';
}

const yes = (message: string) => z.literal('yes', { error: message });

export function eligibilitySchema(c: ClaimFormConfig) {
  return z.object({
    usResident: yes(
      'Only people who lived in the United States are in the class. If you answered “No”, you cannot file a claim; contact the administrator if you think this is wrong.',
    ),
    usedApp: yes(`Only people who used ${c.platform} during the class period are in the class. If you answered “No”, you cannot file a claim.`),
    filingFor: z.enum(['self', 'minor'], { error: 'Choose whether you are filing for yourself or for a minor' }),
  });
}

export function identitySchema() {
  return z
    .object({
      filingFor: z.enum(['self', 'minor']).default('self'),
      firstName: personName('the first name', 'first name'),
      lastName: personName('the last name', 'last name'),
      guardianName: optional(personName('the parent or guardian’s full name', 'parent or guardian’s name', 200)),
      street: optional(plainText('the street address', 'street address', 200, 'street')),
      city: optional(plainText('the city', 'city', 100, 'city')),
      state: z.string({ error: 'Choose the state' }).transform((s, ctx) => {
        const code = parseUsState(s);
        if (!code) ctx.addIssue({ code: 'custom', message: 'Choose the state' });
        return code ?? z.NEVER;
      }),
      zip: baseText('the ZIP code', 'ZIP code', 10).refine((s) => /^\d{5}(-?\d{4})?$/.test(s), 'Enter a 5-digit ZIP code, like 60601'),
      email: email('the email address', 'email address'),
      phone: optional(usPhone('the phone number', 'phone number')),
    })
    // `when` runs the check even if other fields failed, so every error shows at once.
    .refine((v) => !(v.filingFor === 'minor' && !(typeof v.guardianName === 'string' && v.guardianName.trim())), {
      path: ['guardianName'],
      message: 'Enter the parent or guardian’s full name (you are filing for a minor)',
      when: () => true,
    });
}

export function identifiersSchema(c: ClaimFormConfig, opts: { requireOne?: boolean } = {}) {
  const label = c.identifierLabel;
  const username = baseText(`the ${label}`, label, 64)
    .transform((s) => s.replace(/^@/, ''))
    .refine((s) => /^[A-Za-z0-9._-]+$/.test(s), `${label} can contain only letters A–Z, numbers, periods, underscores and hyphens`);
  return z
    .object({
      usernames: z.preprocess(
        (v) => (Array.isArray(v) ? v : v === undefined ? [] : v),
        z.array(z.unknown(), { error: `${label}s must be a list` }).max(MAX_USERNAMES, `Enter at most ${MAX_USERNAMES} ${label}s`),
      ),
      noticeId: optional(baseText('the Notice ID', 'Notice ID', 20)),
      confirmationCode: optional(baseText('the confirmation code', 'confirmation code', 20)),
    })
    .transform((v, ctx) => {
      const usernames: string[] = [];
      v.usernames.forEach((raw, i) => {
        if (raw === '' || raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return;
        const r = username.safeParse(raw);
        if (!r.success) ctx.addIssue({ code: 'custom', path: ['usernames', i], message: r.error.issues[0].message });
        else if (!usernames.some((u) => u.toLowerCase() === r.data.toLowerCase())) usernames.push(r.data);
      });
      let noticeId: string | undefined;
      if (v.noticeId) {
        noticeId = parsePublicId(v.noticeId, NOTICE_PREFIX) ?? undefined;
        if (!noticeId) ctx.addIssue({ code: 'custom', path: ['noticeId'], message: 'Check the Notice ID: it looks mistyped (it reads like N-7K3M-9QX2-D)' });
      }
      const code = v.confirmationCode?.replace(/[\s-]/g, '').toUpperCase();
      if (code && !/^[A-Z0-9]{4,12}$/.test(code))
        ctx.addIssue({ code: 'custom', path: ['confirmationCode'], message: 'The confirmation code is 12 letters and numbers, like 4F7Q-K2MX-9TBK' });
      if (v.noticeId && !code) ctx.addIssue({ code: 'custom', path: ['confirmationCode'], message: 'Enter the confirmation code printed next to your Notice ID' });
      if (code && !v.noticeId) ctx.addIssue({ code: 'custom', path: ['noticeId'], message: 'Enter the Notice ID printed next to your confirmation code' });
      if (opts.requireOne !== false && usernames.length === 0 && !v.noticeId && !v.usernames.some((u) => typeof u === 'string' && u.trim()))
        ctx.addIssue({ code: 'custom', path: ['usernames', 0], message: `Enter your ${label}, or your Notice ID and confirmation code` });
      return { usernames, noticeId, confirmationCode: code || undefined };
    });
}

export function attestationSchema(c: ClaimFormConfig) {
  const keys = c.attestations.map((a) => a.key);
  return z.object({
    attestations: z.preprocess(
      (v) => (v === undefined ? [] : v),
      z
        .array(z.string().refine((k) => keys.includes(k), 'This statement is not part of this settlement'), { error: 'Statements must be a list' })
        .transform((a) => [...new Set(a)]),
    ),
  });
}

const PAYMENT_VARIANTS = {
  paypal: () => z.object({ paymentMethod: z.literal('paypal'), paypalEmail: email('the email address of your PayPal account', 'PayPal email address') }),
  venmo: () =>
    z.object({
      paymentMethod: z.literal('venmo'),
      venmoHandle: baseText('the mobile number, email address or @username of your Venmo account', 'Venmo account', 254).refine(
        (s) => parseVenmoHandle(s).ok,
        'Enter the U.S. mobile number, email address or @username of your Venmo account, like (312) 555-0100, name@example.com or @Ava-Nguyen',
      ),
    }),
  zelle: () =>
    z.object({
      paymentMethod: z.literal('zelle'),
      zelleContact: baseText('the email address or U.S. mobile number enrolled in Zelle', 'Zelle email or mobile number', 254).refine(
        (s) => (s.includes('@') ? z.email().safeParse(s).success : normalisePhone(s)?.startsWith('+1') === true),
        'Enter the email address or U.S. mobile number enrolled in Zelle',
      ),
    }),
  prepaid_card: () => z.object({ paymentMethod: z.literal('prepaid_card'), cardEmail: email('the email address the card should be sent to', 'card email address') }),
  ach: () =>
    z
      .object({
        paymentMethod: z.literal('ach'),
        achRouting: baseText('the 9-digit routing number', 'routing number', 9).refine(isAbaRoutingNumber, 'Check the routing number: it must be the 9-digit number of a U.S. bank'),
        achAccount: baseText('the account number', 'account number', 17).refine((s) => /^\d{4,17}$/.test(s), 'The account number must be 4 to 17 digits'),
        achAccountConfirm: z.string({ error: 'Enter the account number again' }),
        achAccountType: z.enum(['checking', 'savings'], { error: 'Choose checking or savings' }),
      })
      .refine((v) => String(v.achAccountConfirm ?? '').trim() === String(v.achAccount ?? '').trim(), {
        path: ['achAccountConfirm'],
        message: 'The two account numbers do not match',
        when: () => true,
      }),
  // A check is mailed, so the mailing address (optional otherwise) must then be complete.
  check: () =>
    z.object({
      paymentMethod: z.literal('check'),
      street: plainText('the street address (a check is mailed to it)', 'street address', 200, 'street'),
      city: plainText('the city (a check is mailed to it)', 'city', 100, 'city'),
    }),
} satisfies Record<PaymentMethod, () => z.ZodObject>;

export function paymentSchema(c: ClaimFormConfig) {
  const variants = c.paymentMethods.map((m) => PAYMENT_VARIANTS[m]());
  return z.discriminatedUnion('paymentMethod', variants as unknown as [z.ZodObject, ...z.ZodObject[]], {
    error: 'Choose how you want to be paid',
  });
}

export function signSchema() {
  return z.object({
    signature: personName('your full name as your signature', 'signature', 200),
    declaration: z.literal(true, { error: 'Check the box to sign under penalty of perjury' }),
  });
}

/**
 * Step schemas depend only on a few config fields, so they are built once per distinct config and
 * reused: zod compiles a schema on its first parse, and rebuilding per request cost more than the
 * validation itself (bench/intake).
 */
const schemaCache = new Map<string, z.ZodType>();

export function stepSchema(c: ClaimFormConfig, step: StepKey): z.ZodType {
  const key = `${step}\u0000${JSON.stringify([c.platform, c.identifierLabel, c.attestations, c.paymentMethods])}`;
  let schema = schemaCache.get(key);
  if (!schema) {
    if (schemaCache.size > 1000) schemaCache.clear();
    schema = buildStepSchema(c, step);
    schemaCache.set(key, schema);
  }
  return schema;
}

function buildStepSchema(c: ClaimFormConfig, step: StepKey): z.ZodType {
  switch (step) {
    case 'eligibility': return eligibilitySchema(c);
    case 'identity': return identitySchema();
    case 'identifiers': return identifiersSchema(c);
    case 'attestation': return attestationSchema(c);
    case 'payment': return paymentSchema(c);
    case 'review': return z.object({});
    case 'sign': return signSchema();
  }
}

/** The step a field lives on, so an error summary can send the claimant back to it. */
export function stepOfField(field: string): StepKey {
  const name = field.split('.')[0];
  if (['usResident', 'usedApp', 'filingFor'].includes(name)) return 'eligibility';
  if (['usernames', 'noticeId', 'confirmationCode'].includes(name)) return 'identifiers';
  if (name === 'attestations') return 'attestation';
  if (name.startsWith('payment') || name.startsWith('ach') || ['paypalEmail', 'venmoHandle', 'zelleContact', 'cardEmail'].includes(name)) return 'payment';
  if (['signature', 'declaration'].includes(name)) return 'sign';
  return 'identity';
}

export type FieldErrors = Record<string, string>;

/** The order fields appear on the form, so an error summary lists problems top to bottom. */
const FIELD_ORDER = [
  'usResident', 'usedApp', 'filingFor', 'guardianName', 'firstName', 'lastName', 'email', 'phone', 'street', 'city', 'state', 'zip',
  'noticeId', 'confirmationCode', 'usernames', 'attestations', 'paymentMethod', 'paypalEmail', 'venmoHandle', 'zelleContact', 'cardEmail',
  'achRouting', 'achAccount', 'achAccountConfirm', 'achAccountType', 'declaration', 'signature', 'withdrawAttestations',
];

export function sortFieldErrors(errors: FieldErrors): FieldErrors {
  const rank = (k: string) => {
    const i = FIELD_ORDER.indexOf(k.split('.')[0]);
    return (i < 0 ? FIELD_ORDER.length : i) * 100 + Number(k.split('.')[1] ?? 0);
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'form';
    out[key] ??= issue.message;
  }
  return sortFieldErrors(out);
}

export function validateStep(c: ClaimFormConfig, step: StepKey, values: unknown): FieldErrors {
  const r = stepSchema(c, step).safeParse(values);
  return r.success ? {} : fieldErrors(r.error);
}

export type ClaimSubmission = {
  filingFor: 'self' | 'minor';
  firstName: string;
  lastName: string;
  guardianName?: string;
  street?: string;
  city?: string;
  state: string;
  zip: string;
  email: string;
  phone?: string;
  usernames: string[];
  noticeId?: string;
  confirmationCode?: string;
  attestations: string[];
  payment: PaymentDetails;
  signature: string;
};

/** The payment step's validated values → the sealed PaymentDetails (the claim form and the status page's change of method). */
export function toPayment(p: Record<string, string>): PaymentDetails {
  switch (p.paymentMethod as PaymentMethod) {
    case 'paypal': return { method: 'paypal', email: p.paypalEmail };
    case 'venmo': {
      const r = parseVenmoHandle(p.venmoHandle);
      if (!r.ok) throw new Error('unreachable: the Venmo handle was validated');
      return r.payment;
    }
    case 'zelle': return { method: 'zelle', emailOrPhone: p.zelleContact.includes('@') ? p.zelleContact : normalisePhone(p.zelleContact)! };
    case 'prepaid_card': return { method: 'prepaid_card', email: p.cardEmail };
    case 'ach': return { method: 'ach', routingNumber: p.achRouting, accountNumber: p.achAccount, accountType: p.achAccountType as 'checking' | 'savings' };
    case 'check': return { method: 'check' };
  }
}

/** Validates every step at once (the server action): all field errors, or the claim ready to file. */
export function parseClaim(c: ClaimFormConfig, values: unknown): { ok: true; claim: ClaimSubmission } | { ok: false; errors: FieldErrors } {
  if (typeof values !== 'object' || values === null) return { ok: false, errors: { form: 'The claim form was empty. Please fill it in again.' } };
  const errors: FieldErrors = {};
  const parsed: Record<string, unknown> = {};
  for (const step of STEPS) {
    const r = stepSchema(c, step).safeParse(values);
    if (r.success) Object.assign(parsed, step === 'payment' ? { payment: toPayment(r.data as Record<string, string>) } : r.data);
    else for (const [k, m] of Object.entries(fieldErrors(r.error))) errors[k] ??= m;
  }
  if (Object.keys(errors).length) return { ok: false, errors: sortFieldErrors(errors) };
  return { ok: true, claim: parsed as ClaimSubmission };
}

/**
 * Curing a deficiency on the status page: another identifier and/or withdrawing an attestation the
 * records do not support. At least one of the two.
 */
export function cureSchema(c: ClaimFormConfig) {
  return z
    .object({ withdrawAttestations: z.boolean({ error: 'Withdraw must be yes or no' }).default(false) })
    .and(identifiersSchema(c, { requireOne: false }))
    .refine((v) => v.withdrawAttestations || v.usernames.length > 0 || v.noticeId, {
      path: ['usernames', 0],
      message: `Enter another ${c.identifierLabel}, or your Notice ID and confirmation code`,
    });
}
export type CureInput = z.infer<ReturnType<typeof cureSchema>>;
