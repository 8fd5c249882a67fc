import { z } from 'zod';

/**
 * Text rules shared by every claimant-facing field. Each message names its field, so an error
 * summary reads on its own ("First name must be 100 characters or fewer").
 *
 * Why these rules:
 * - control characters (NUL, tab, newline…) have no place in a single-line field and break exports;
 * - Unicode bidi embedding/override/isolate characters (U+202A–202E, U+2066–2069, LRM/RLM/ALM) make text
 *   display in a different order than it is stored ("Trojan Source"); genuine right-to-left letters
 *   (Arabic, Hebrew) need none of them and are accepted;
 * - zero-width and other invisible characters make two identical-looking values differ;
 * - one word that mixes Latin with Cyrillic or Greek letters is the classic homoglyph trick
 *   ("pаypal" with a Cyrillic а); a name written wholly in Cyrillic or Greek is accepted.
 */

const CONTROL = /\p{Cc}/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD\u180E]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const HTML = /[<>]/;

export function mixesScripts(value: string): boolean {
  return value.split(/[\s\-'’.,]+/).some((word) => {
    let scripts = 0;
    if (/\p{Script=Latin}/u.test(word)) scripts++;
    if (/\p{Script=Cyrillic}/u.test(word)) scripts++;
    if (/\p{Script=Greek}/u.test(word)) scripts++;
    return scripts > 1;
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A required string; `label` is how the field is named in messages, e.g. "your first name". */
export function baseText(label: string, name: string, max: number) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `Enter ${label}` : `${cap(name)} must be text`) })
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${cap(name)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL.test(s), `${cap(name)} must be on one line, without control characters`)
        .refine((s) => !BIDI.test(s), `${cap(name)} contains hidden text-direction characters. Please type it again`)
        .refine((s) => !INVISIBLE.test(s), `${cap(name)} contains invisible characters. Please type it again`),
    );
}

/** Free text describing a person or place: no HTML, no emoji, no mixed-alphabet words. */
export function plainText(label: string, name: string, max: number) {
  return baseText(label, name, max)
    .refine((s) => !HTML.test(s), `${cap(name)} must not contain < or >`)
    .refine((s) => !EMOJI.test(s), `${cap(name)} must not contain emoji or symbols`)
    .refine((s) => !mixesScripts(s), `${cap(name)} mixes letters from different alphabets. Please type it again`);
}

/**
 * A person's name. Choice documented here: no legal name begins with = + - or @, so a name that
 * starts with one is only a spreadsheet formula (=HYPERLINK(…), +cmd|…) and is rejected with a clear
 * message. Anything else is stored as typed — "Ann-Marie", "O'Brien", "José", "محمد" — and CSV exports
 * neutralise cells anyway (lib/csv/safe-cell.ts), which is the real defence.
 */
export function personName(label: string, name: string, max = 100) {
  return plainText(label, name, max)
    .refine((s) => /\p{L}/u.test(s), `${cap(name)} must contain letters`)
    .refine((s) => !/^[=+\-@]/.test(s), `${cap(name)} must start with a letter`);
}

/** Optional fields arrive as "" from the form: treat blank as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}
