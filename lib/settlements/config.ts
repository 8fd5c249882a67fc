import { z } from 'zod';
import { ruledText } from '@/lib/text/schema';

/**
 * The settlement configuration of INTERFACES.md §4. It is the contract administrators copy
 * (docs/settlements/tiktok.json), so every field is validated here and nowhere else.
 */

const cents = z.number().int('must be whole cents').nonnegative('must not be negative');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2022-03-01');
const slug = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens only');

/**
 * First path segments the application itself uses. A settlement's site lives at /<slug>, so a
 * settlement named like one of these would be unreachable (or would shadow the admin console).
 */
export const RESERVED_SLUGS = new Set([
  'admin', 'api', '_next', 'documents', 'favicon.ico', 'robots.txt', 'sitemap.xml', 'static', 'public',
  'login', 'logout', 'auth', 'signin', 'signout', 'health', 'assets', 'settlements', 'fairshare',
  // Fixed pages of the console: /admin/<slug>/… sits beside them, so a settlement named "users" would be
  // shadowed by /admin/users (config.test.ts checks every static folder under app/ and app/admin is here).
  'users', 'sign-in', 'sign-out', 'invite', 'new', 'forbidden', 'not-found', 'unauthorized',
]);
const settlementSlug = slug.refine((s) => !RESERVED_SLUGS.has(s), 'this name is reserved for the application; choose another slug');

/**
 * Where a listed document comes from: an https link to a public copy (e.g. the court's docket), or
 * "/documents/<file>" — a file the administrator places in the settlement's documents folder
 * (lib/settlements/documents.ts). "/documents/long-form-notice.pdf" is generated from this
 * configuration unless the administrator uploads the court-approved file under that name.
 */
export const documentHrefSchema = z
  .string()
  .min(1)
  .refine(
    (h) => /^https:\/\/[^\s]+$/.test(h) || /^\/documents\/[a-z0-9][a-z0-9._-]*\.pdf$/.test(h),
    'must be an https:// link or /documents/<file>.pdf (lower-case letters, digits, dot, hyphen, underscore)',
  );

export const paymentMethods = ['paypal', 'venmo', 'zelle', 'prepaid_card', 'ach', 'check'] as const;
export const paymentMethodSchema = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const paymentMethodLabels: Record<PaymentMethod, string> = {
  paypal: 'PayPal',
  venmo: 'Venmo',
  zelle: 'Zelle',
  prepaid_card: 'Virtual prepaid card',
  ach: 'Direct deposit (ACH)',
  check: 'Paper check',
};

/** A condition on the class-list record or the claimant's attestations that puts a claim in a tier. */
export const eligibilityRuleSchema = z.object({
  /** Every listed boolean class-list attribute must be true on the matched record. */
  recordAttributes: z.array(z.string().min(1)).default([]),
  /** Every listed attestation must be made by the claimant. */
  attestations: z.array(z.string().min(1)).default([]),
});

/**
 * Units are whole numbers, so a payout rests on exact integer arithmetic (claims.units is bigint).
 * A fractional plan is written scaled: "Nationwide 1, Illinois 6" is shares 1 and 6 (or 10 and 60 —
 * only the ratio between tiers matters, the fund is divided by the total units); "0.5 share per month,
 * at most 12.5" is perUnit 1 and cap 25 on every tier after doubling every other tier's shares (×2),
 * and "1.25 points" becomes 125 with every other tier ×100. Points are whole: a fractional class-list
 * attribute value counts its whole part (lib/verification/tier.ts unitsFor).
 */
const wholeUnits = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number; write a fractional plan as scaled integers (e.g. 10 and 60 for 1 and 6)`)
    .positive(`${what} must be greater than zero`)
    .max(1_000_000_000, `${what} must be at most 1,000,000,000`);

export const unitsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), shares: wholeUnits('shares') }),
  z.object({
    kind: z.literal('points'),
    attribute: z.string().min(1),
    perUnit: wholeUnits('perUnit').default(1),
    cap: wholeUnits('cap').optional(),
  }),
]);

export const tierSchema = z.object({
  key: slug,
  name: z.string().min(1).max(120),
  description: z.string().max(2000).default(''),
  units: unitsSchema,
  eligibility: eligibilityRuleSchema.default({ recordAttributes: [], attestations: [] }),
  /** Higher priority tiers are tried first; the first whose rule holds wins. */
  priority: z.number().int().default(0),
  /**
   * Optional: the share of claimants expected in this tier (0–1). Used only for the illustrative
   * payment estimate on the website; when absent the estimate assumes the tier mix is unknown.
   */
  expectedClaimantShare: z.number().min(0).max(1).optional(),
});

export const attestationSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1).max(500),
  help: z.string().max(2000).default(''),
});

export const datesSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York'),
  preliminaryApproval: isoDate.optional(),
  noticeDate: isoDate,
  optOutDeadline: isoDate,
  objectionDeadline: isoDate,
  claimDeadline: isoDate,
  finalApprovalHearing: isoDate,
  effectiveDate: isoDate.optional(),
  paymentDate: isoDate.optional(),
  checkVoidDays: z.number().int().min(30).max(365).default(180),
  dataDestructionDays: z.number().int().min(0).max(3650).default(120),
  cureDays: z.number().int().min(1).max(365).default(30),
});

export const deductionsSchema = z.object({
  attorneysFees: cents.default(0),
  expenses: cents.default(0),
  serviceAwards: cents.default(0),
  administrationCosts: cents.default(0),
  taxes: cents.default(0),
  reserves: cents.default(0),
});

/**
 * A capped sub-pool (Equifax's alternative cash: $31M shared pro rata by the claims of one tier, each
 * capped at $125). The sub-pool is paid first, out of the net distributable amount; its claims share
 * its amount by units with the sub-pool's per-claim cap (water-filling) and minimum; whatever its caps
 * leave unpaid flows back into the main pool (or to the residue). Without `amountCents` the sub-pool
 * takes what its claims' caps allow: that is how a documented fixed amount per claim is written (a
 * sub-pool of that tier with perClaimCapCents = the amount).
 */
export const subPoolSchema = z.object({
  key: slug,
  name: z.string().min(1).max(120),
  /** The tiers whose claims are paid from this sub-pool (and from no other pool). */
  tiers: z.array(slug).min(1),
  amountCents: cents.optional(),
  perClaimCapCents: cents.refine((v) => v > 0, 'the cap must be more than zero').optional(),
  minimumPaymentCents: cents.optional(),
  unused: z.enum(['main_pool', 'residue']).default('main_pool'),
});
export type SubPool = z.infer<typeof subPoolSchema>;

/**
 * The plan of allocation (DOMAIN.md §4), applied by lib/payouts/allocate.ts: net distributable =
 * gross − deductions + interest earned; each pool (the sub-pools first, then the main pool of every
 * other tier) is shared by units, largest remainder to the cent; claims under the minimum drop out and
 * their money is shared by the others, repeating until stable; amounts above the per-claimant cap are
 * shared by the others (water-filling). What no claim can take (every claim capped) is the residue.
 * Later rounds (uncashed and returned money shared by those who cashed, Facebook BIPA) are runs with a
 * round number > 1 and a source amount; `laterRounds` says who takes part in them.
 */
export const allocationSchema = z
  .object({
    minimumPaymentCents: cents.default(0),
    perClaimantCapCents: cents.refine((v) => v > 0, 'the cap must be more than zero').optional(),
    rounding: z.enum(['largest_remainder']).default('largest_remainder'),
    /** Interest earned on the fund before distribution, added to the net distributable amount. */
    interestEarnedCents: cents.default(0),
    subPools: z.array(subPoolSchema).default([]),
    /** What happens to money no claim can take (every claim capped) and to money left after the last round. */
    residue: z.enum(['redistribute', 'cy_pres', 'escheat']).default('redistribute'),
    cyPresRecipients: z.array(z.string().min(1)).default([]),
    laterRounds: z
      .object({
        /** Who shares the money of round 2, 3…: the claimants who cashed the previous round's payment. */
        eligible: z.enum(['cashed_previous_round', 'all_paid_previous_round']).default('cashed_previous_round'),
        /** At most this many rounds; after that the remainder goes to the residue destination. */
        maxRounds: z.number().int().min(1).max(10).default(3),
        /** A later round is run only if each eligible claimant would get at least this much (else residue). */
        minimumPaymentCents: cents.default(0),
      })
      .default({ eligible: 'cashed_previous_round', maxRounds: 3, minimumPaymentCents: 0 }),
  })
  .superRefine((a, ctx) => {
    if (a.perClaimantCapCents !== undefined && a.perClaimantCapCents < a.minimumPaymentCents)
      ctx.addIssue({ code: 'custom', path: ['perClaimantCapCents'], message: 'the per-claimant cap is below the minimum payment' });
    const seenPools = new Set<string>();
    const seenTiers = new Set<string>();
    a.subPools.forEach((p, i) => {
      if (seenPools.has(p.key)) ctx.addIssue({ code: 'custom', path: ['subPools', i, 'key'], message: `duplicate sub-pool "${p.key}"` });
      seenPools.add(p.key);
      p.tiers.forEach((t, j) => {
        if (seenTiers.has(t)) ctx.addIssue({ code: 'custom', path: ['subPools', i, 'tiers', j], message: `tier "${t}" is in two sub-pools` });
        seenTiers.add(t);
      });
      if (p.amountCents === undefined && p.perClaimCapCents === undefined)
        ctx.addIssue({ code: 'custom', path: ['subPools', i], message: 'a sub-pool needs an amount, a per-claim cap, or both' });
      const cap = p.perClaimCapCents ?? a.perClaimantCapCents;
      if (cap !== undefined && cap < (p.minimumPaymentCents ?? a.minimumPaymentCents))
        ctx.addIssue({ code: 'custom', path: ['subPools', i, 'perClaimCapCents'], message: 'the sub-pool cap is below its minimum payment' });
    });
    if (a.residue === 'cy_pres' && a.cyPresRecipients.length === 0)
      ctx.addIssue({ code: 'custom', path: ['cyPresRecipients'], message: 'name at least one cy pres recipient' });
  });
export type Allocation = z.infer<typeof allocationSchema>;

export const defaultAllocation: z.input<typeof allocationSchema> = {
  minimumPaymentCents: 0,
  rounding: 'largest_remainder',
  residue: 'redistribute',
  cyPresRecipients: [],
};

/**
 * The class-list attributes (INTERFACES.md §2.1 "any other column") with their types. The import parses
 * each declared column strictly to its type and stores typed JSON (lib/classlist/attributes.ts); tier
 * rules read those typed values, so a rule may only use a declared attribute of the right type.
 */
export const classListAttributeTypes = ['boolean', 'integer', 'date', 'text'] as const;
export type ClassListAttributeType = (typeof classListAttributeTypes)[number];
const attributeName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and underscores, starting with a letter (the CSV column name)');
export const classListAttributesSchema = z.record(attributeName, z.object({ type: z.enum(classListAttributeTypes) }));

/**
 * Fraud scoring and review (lib/fraud, lib/review; docs/decisions on fraud). A claim starts at 1000 and
 * each rule that fires deducts its weight. Below `review` it goes to a reviewer; below `recommendDeny`
 * the rules recommend denial, but only when a reason that fired is one the settlement agreement allows
 * denial on (`denyCriteria`): nothing else can ever be denied automatically. A bulk denial of more
 * than `bulkDenyConfirmAbove` claims waits for a second reviewer.
 */
const reasonCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'a reason code is upper-case letters, digits and _');
export const fraudConfigSchema = z
  .object({
    thresholds: z
      .object({
        review: z.number().int().min(0).max(1000).default(900),
        recommendDeny: z.number().int().min(0).max(1000).default(500),
      })
      .default({ review: 900, recommendDeny: 500 })
      .refine((t) => t.recommendDeny <= t.review, { message: 'recommendDeny must not be above review', path: ['recommendDeny'] }),
    denyCriteria: z.array(reasonCode).default(['NOT_IN_CLASS', 'DUPLICATE_RECORD']),
    /** `review apply-rules` approves verified claims with no fraud flag when true. */
    autoApproveClean: z.boolean().default(true),
    bulkDenyConfirmAbove: z.number().int().min(1).default(25),
    /** The campaign alert: a day's claims above this many times the expected daily rate. */
    campaignVolumeFactor: z.number().min(1).default(5),
  })
  .default({ thresholds: { review: 900, recommendDeny: 500 }, denyCriteria: ['NOT_IN_CLASS', 'DUPLICATE_RECORD'], autoApproveClean: true, bulkDenyConfirmAbove: 25, campaignVolumeFactor: 5 });

export const settlementConfigSchema = z
  .object({
    slug: settlementSlug,
    name: ruledText('name', 'The settlement’s name', 200).pipe(z.string().min(3)),
    shortName: ruledText('name', 'The short name', 80).pipe(z.string().min(2)),
    court: ruledText('name', 'The court', 200).pipe(z.string().min(3)),
    caseName: ruledText('name', 'The case name', 300).pipe(z.string().min(3)),
    caseNumber: z.string().min(1).max(100),
    defendant: ruledText('name', 'The defendant', 200),
    platform: z.string().min(1).max(100).default('the platform'),
    summary: z.string().min(1).max(5000),
    classSize: z.number().int().positive().optional(),
    expectedClaimRate: z.number().min(0).max(1).default(0.016),
    grossFundCents: cents.refine((v) => v > 0, 'the fund must be more than zero'),
    deductions: deductionsSchema,
    /**
     * Class counsel's lodestar (hours × rates) from the fee motion, when the Court's award cites one: the
     * post-distribution accounting reports the multiplier (fees ÷ lodestar). Not a deduction.
     */
    lodestarCents: cents.optional(),
    dates: datesSchema,
    tiers: z.array(tierSchema).min(1),
    classListAttributes: classListAttributesSchema.default({}),
    attestations: z.array(attestationSchema).default([]),
    allocation: allocationSchema.default(allocationSchema.parse(defaultAllocation)),
    paymentMethods: z.array(paymentMethodSchema).min(1),
    contact: z.object({
      email: z.email(),
      phone: z.string().min(7).max(30),
      mail: z.string().min(5).max(500),
    }),
    documents: z
      .array(z.object({ title: z.string().min(1).max(300), href: documentHrefSchema, date: isoDate.optional() }))
      .default([]),
    faq: z.array(z.object({ q: z.string().min(1), a: z.string().min(1) })).default([]),
    /** Which identifiers the claim form asks for, in the platform's words. */
    identifierLabel: z.string().default('Username'),
    fraud: fraudConfigSchema,
  })
  .superRefine((c, ctx) => {
    const keys = new Set<string>();
    c.tiers.forEach((t, i) => {
      if (keys.has(t.key)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'key'], message: `duplicate tier "${t.key}"` });
      keys.add(t.key);
    });
    const known = new Set(c.attestations.map((a) => a.key));
    c.tiers.forEach((t, i) =>
      t.eligibility.attestations.forEach((a, j) => {
        if (!known.has(a))
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'eligibility', 'attestations', j], message: `unknown attestation "${a}"` });
      }),
    );
    // A tier rule reads a typed class-list attribute: it must be declared, with the type the rule needs.
    const declared = c.classListAttributes;
    const needType = (name: string, type: ClassListAttributeType, path: (string | number)[], use: string) => {
      const got = declared[name]?.type;
      if (!got) ctx.addIssue({ code: 'custom', path, message: `"${name}" is not declared in classListAttributes (declare it as { "type": "${type}" })` });
      else if (got !== type) ctx.addIssue({ code: 'custom', path, message: `"${name}" is declared ${got}; ${use}` });
    };
    c.tiers.forEach((t, i) => {
      t.eligibility.recordAttributes.forEach((a, j) => needType(a, 'boolean', ['tiers', i, 'eligibility', 'recordAttributes', j], 'an eligibility rule needs a boolean attribute'));
      if (t.units.kind === 'points') needType(t.units.attribute, 'integer', ['tiers', i, 'units', 'attribute'], 'points need an integer attribute');
    });
    const expected = c.tiers.reduce((sum, t) => sum + (t.expectedClaimantShare ?? 0), 0);
    if (expected > 1.000001)
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'the expected claimant shares of the tiers add up to more than 1' });
    if (new Set(c.paymentMethods).size !== c.paymentMethods.length)
      ctx.addIssue({ code: 'custom', path: ['paymentMethods'], message: 'a payment method is listed twice' });
    if (netFundCents(c) < 0) ctx.addIssue({ code: 'custom', path: ['deductions'], message: 'deductions exceed the gross fund' });
    c.allocation.subPools.forEach((p, i) =>
      p.tiers.forEach((t, j) => {
        if (!keys.has(t)) ctx.addIssue({ code: 'custom', path: ['allocation', 'subPools', i, 'tiers', j], message: `unknown tier "${t}"` });
      }),
    );
    const pooled = c.allocation.subPools.reduce((sum, p) => sum + (p.amountCents ?? 0), 0);
    if (pooled > distributableCents(c))
      ctx.addIssue({ code: 'custom', path: ['allocation', 'subPools'], message: 'the sub-pools add up to more than the net distributable amount' });
    if (c.dates.claimDeadline < c.dates.noticeDate)
      ctx.addIssue({ code: 'custom', path: ['dates', 'claimDeadline'], message: 'the claim deadline is before the notice date' });
  });

export type SettlementConfig = z.infer<typeof settlementConfigSchema>;
export type Tier = z.infer<typeof tierSchema>;

export function netFundCents(c: Pick<SettlementConfig, 'grossFundCents' | 'deductions'>): number {
  const d = c.deductions;
  return c.grossFundCents - d.attorneysFees - d.expenses - d.serviceAwards - d.administrationCosts - d.taxes - d.reserves;
}

/** Round 1's net distributable amount: the net fund plus interest earned (DOMAIN.md §4). */
export function distributableCents(c: Pick<SettlementConfig, 'grossFundCents' | 'deductions'> & { allocation?: { interestEarnedCents?: number } }): number {
  return netFundCents(c) + (c.allocation?.interestEarnedCents ?? 0);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Formats zod issues as "path: message" lines, for the CLI and import errors. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
