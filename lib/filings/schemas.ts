import { z } from 'zod';
import { checkText, parseUsState, textMessage, TEXT_MAX, type TextKind } from '@/lib/text/rules';

/**
 * The zod schemas of the "Exclude myself" and "Object" forms, shared by the browser (instant errors)
 * and the server action (the check that counts). No Node or database imports: this file is bundled
 * for the browser.
 *
 * Input policy (QUALITY.md "bad input"): names and addresses are single-line text in any script
 * (accents, Cyrillic, Arabic and Hebrew names are real names), but invisible bidirectional control
 * characters, other control characters, angle brackets and a leading =, +, @ (spreadsheet formulas)
 * are refused with a message naming the field. Free text (the grounds of an objection) keeps line
 * breaks and any characters except invisible controls; it is escaped when shown and neutralised in
 * CSV exports (lib/csv/safe-cell.ts).
 */

// Bidi embeddings/overrides/isolates (Trojan-source style reordering) and zero-width joiners used to hide text.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_MULTI = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function line(label: string, max: number) {
  return z
    .string({ error: `Enter your ${label}` })
    .trim()
    .min(1, `Enter your ${label}`)
    .max(max, `Your ${label} must be ${max} characters or fewer`)
    .refine((s) => !CONTROL_SINGLE.test(s), `Your ${label} contains a line break or control character`)
    .refine((s) => !BIDI_CONTROLS.test(s), `Your ${label} contains invisible text-direction characters; please type it again`)
    .refine((s) => !/[<>]/.test(s), `Your ${label} must not contain < or >`)
    .refine((s) => !/^[=+@]/.test(s), `Your ${label} must not start with =, + or @`);
}

/** Names, streets and cities: the rules every channel shares (lib/text/rules.ts), so an exclusion and a claim by one person normalise alike. */
function ruled(kind: TextKind, label: string, max = TEXT_MAX[kind]) {
  return z.string({ error: `Enter your ${label}` }).transform((s, ctx) => {
    const r = checkText(kind, s, max);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.problem === 'empty' ? `Enter your ${label}` : textMessage(r.problem, kind, { subject: `Your ${label}`, max }) });
    return z.NEVER;
  });
}

const usState = z.string({ error: 'Enter your state' }).transform((s, ctx) => {
  const code = parseUsState(s);
  if (!code) ctx.addIssue({ code: 'custom', message: s.trim() ? 'Enter a U.S. state, like IL or Illinois' : 'Enter your state' });
  return code ?? z.NEVER;
});

const optionalLine = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), line(label, max).optional());

const email = (label = 'email address') =>
  z
    .string({ error: `Enter your ${label}` })
    .trim()
    .min(1, `Enter your ${label}`)
    .max(254, `Your ${label} must be 254 characters or fewer`)
    // zod's email pattern is ASCII-only, so look-alike letters from other alphabets (pаypal.com with a
    // Cyrillic "а") are refused rather than silently becoming a different mailbox.
    .pipe(z.email(`Enter a valid ${label}, like name@example.com`));

const phone = (label = 'phone number') =>
  z
    .string()
    .trim()
    .max(25, `Your ${label} must be 25 characters or fewer`)
    .refine((s) => /^[+()\d\s.-]+$/.test(s) && (s.match(/\d/g)?.length ?? 0) >= 10 && (s.match(/\d/g)?.length ?? 0) <= 15, `Enter a valid ${label}, like 312-555-0123`);
const optionalPhone = (label?: string) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), phone(label).optional());

/** The Notice ID from the notice (e.g. N-7K3M-9QX2-D). Only the shape is checked here; the server verifies the check character. */
const noticeId = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .max(20, 'A Notice ID looks like N-7K3M-9QX2-D')
    .regex(/^N[\s-]?[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]$/i, 'A Notice ID looks like N-7K3M-9QX2-D')
    .optional(),
);

const yes = (message: string) => z.literal('yes', { error: message });
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message });
const checkbox = z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean());

/** Names compare case-, accent- and spacing-insensitively (a signature need not match the name's capitals). */
export function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return n(a) === n(b);
}

const identity = {
  firstName: ruled('name', 'first name'),
  lastName: ruled('name', 'last name'),
  street: ruled('street', 'street address'),
  street2: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), ruled('street', 'apartment, suite or unit', 100).optional()),
  city: ruled('city', 'city'),
  state: usState,
  zip: z
    .string({ error: 'Enter your ZIP code' })
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code, like 60601'),
  email: email(),
  phone: optionalPhone(),
  noticeId,
  idempotencyKey: z.string().regex(/^[0-9a-f-]{36}$/i, 'The form expired; reload the page and try again'),
};

export const OPT_OUT_STATEMENT = 'I want to be excluded from the settlement class.';

export const optOutSchema = z
  .object({
    ...identity,
    statement: yes(`Check the box to confirm: “${OPT_OUT_STATEMENT}”`),
    /** A parent or legal guardian may sign for a class member under 18; nobody else may sign for another person. */
    guardian: checkbox,
    signature: ruled('name', 'signature', 200),
  })
  .superRefine((v, ctx) => {
    if (!v.guardian && !sameName(v.signature, `${v.firstName} ${v.lastName}`))
      ctx.addIssue({
        code: 'custom',
        path: ['signature'],
        message: 'Type your full name exactly as above. Each class member must sign their own request (a parent or guardian may sign for a minor).',
      });
  });
export type OptOutInput = z.infer<typeof optOutSchema>;

export const GROUNDS_MAX = 10_000;

export const objectionSchema = z
  .object({
    ...identity,
    grounds: z
      .string({ error: 'Explain why you object' })
      .trim()
      .min(10, 'Explain why you object (at least 10 characters)')
      .max(GROUNDS_MAX, `Keep the reasons to ${GROUNDS_MAX.toLocaleString('en-US')} characters or fewer, or attach them as a PDF`)
      .refine((s) => !CONTROL_MULTI.test(s), 'The reasons contain control characters; please type them again')
      .refine((s) => !BIDI_CONTROLS.test(s), 'The reasons contain invisible text-direction characters; please type them again'),
    hasCounsel: yesNo('Say whether a lawyer represents you in this objection'),
    counselName: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), ruled('name', "lawyer's name", 200).optional()),
    counselFirm: optionalLine("lawyer's firm", 200),
    counselEmail: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), email("lawyer's email address").optional()),
    counselPhone: optionalPhone("lawyer's phone number"),
    willAppear: yesNo('Say whether you intend to appear at the Final Approval Hearing'),
    /** Set after we told the person that their email already has a request for exclusion. */
    acknowledgeExclusion: checkbox,
    signature: ruled('name', 'signature', 200),
  })
  .superRefine((v, ctx) => {
    if (v.hasCounsel === 'yes') {
      if (!v.counselName) ctx.addIssue({ code: 'custom', path: ['counselName'], message: "Enter your lawyer's name" });
      if (!v.counselFirm) ctx.addIssue({ code: 'custom', path: ['counselFirm'], message: "Enter your lawyer's firm" });
      if (!v.counselEmail && !v.counselPhone)
        ctx.addIssue({ code: 'custom', path: ['counselEmail'], message: "Enter your lawyer's email address or phone number" });
    }
    if (!sameName(v.signature, `${v.firstName} ${v.lastName}`))
      ctx.addIssue({ code: 'custom', path: ['signature'], message: 'Type your full name exactly as above. An objection must be signed by the class member.' });
  });
export type ObjectionInput = z.infer<typeof objectionSchema>;

/**
 * Paper forms keyed in by staff (lib/filings/paper.ts): every rule of the web forms, except the browser's
 * idempotency token: the mail room's reference on the envelope makes re-keying idempotent instead.
 */
// Any token posted is ignored (the service keys the filing by the reference); none is required.
const noBrowserToken = { idempotencyKey: z.string().catch('') };
export const paperOptOutSchema = optOutSchema.safeExtend(noBrowserToken);
export const paperObjectionSchema = objectionSchema.safeExtend(noBrowserToken);

/** Objection attachments: one PDF up to 10 MB. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export type UploadFacts = { name: string; type: string; size: number; head?: Uint8Array };

/**
 * Why an upload is refused, or null. The browser's content type and the file's first bytes must both
 * say PDF: a renamed .exe claiming application/pdf fails the magic-bytes check, and a real PDF sent
 * as application/octet-stream fails the type check (the message tells the person what to do).
 */
export function pdfUploadIssue(f: UploadFacts): string | null {
  if (f.size === 0) return 'The file is empty. Choose the PDF again.';
  if (f.size > MAX_PDF_BYTES) return `The file is ${(f.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB. Attach a smaller PDF or mail your documents.`;
  if (f.type !== 'application/pdf' || !/\.pdf$/i.test(f.name)) return 'Attach a PDF file (.pdf). Other file types are not accepted.';
  if (f.head) {
    const magic = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
    if (f.head.length < magic.length || magic.some((b, i) => f.head![i] !== b)) return 'This file is not a valid PDF. Save or export it as PDF and attach it again.';
  }
  return null;
}

/** Strings of a FormData as a plain object (files are handled separately). */
export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === 'string' && !k.startsWith('$ACTION')) out[k] = v;
  return out;
}

export type FieldErrors = Partial<Record<string, string[]>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}
