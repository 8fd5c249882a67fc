import { z } from 'zod';
import { checkText, normaliseLine, textMessage, TEXT_MAX, type TextKind } from '@/lib/text/rules';

/**
 * The claim form's field builders over the shared text rules (lib/text/rules.ts, which also serve the
 * import and the exclusion and objection forms). Each message names its field, so an error summary
 * reads on its own ("First name must be 100 characters or fewer").
 */

export { mixesScripts } from '@/lib/text/rules';

const CONTROL = /\p{Cc}/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E]/u;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A required one-line string that is not a name or an address (an e-mail, a ZIP, a Notice ID): trimmed
 * and NFC-normalised, without control, direction or invisible characters. `label` is how the field is
 * named in the "Enter …" message, e.g. "your first name".
 */
export function baseText(label: string, name: string, max: number) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `Enter ${label}` : `${cap(name)} must be text`) })
    .transform((s) => normaliseLine(s))
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${cap(name)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL.test(s), textMessage('control', 'name', { subject: cap(name) }))
        .refine((s) => !BIDI.test(s), textMessage('bidi', 'name', { subject: cap(name) }))
        .refine((s) => !INVISIBLE.test(s), textMessage('invisible', 'name', { subject: cap(name) })),
    );
}

/** A name, street or city under the shared rules; the value comes out normalised as every channel stores it. */
export function ruledText(kind: TextKind, label: string, name: string, max = TEXT_MAX[kind]) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `Enter ${label}` : `${cap(name)} must be text`) })
    .transform((s, ctx) => {
      const v = checkText(kind, s, max);
      if (v.ok) return v.value;
      ctx.addIssue({ code: 'custom', message: v.problem === 'empty' ? `Enter ${label}` : textMessage(v.problem, kind, { subject: cap(name), max }) });
      return z.NEVER;
    });
}

/** A street or city. */
export function plainText(label: string, name: string, max: number, kind: TextKind = 'street') {
  return ruledText(kind, label, name, max);
}

/** A person's name (or a signature, which is one). */
export function personName(label: string, name: string, max = TEXT_MAX.name) {
  return ruledText('name', label, name, max);
}

/** Optional fields arrive as "" from the form: treat blank as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}
