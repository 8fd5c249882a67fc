/**
 * One set of text rules for every channel that takes a person's name or address: the claim form, the
 * claims import, the exclusion and objection forms and the console. The same characters are refused
 * the same way and an accepted value is normalised the same way, so the same person gets the same
 * keyed hashes whichever way the claim came (ARCHITECTURE.md "one module for text rules").
 *
 * Pure and dependency-free: the browser bundles it (instant form errors) and the CLI and server use it.
 *
 * Why each rule:
 * - control characters (NUL, tab, line breaks, DEL, C1) have no place in a one-line field and break exports;
 * - bidi embeddings/overrides/isolates and the LRM/RLM/ALM marks make text display in another order than
 *   it is stored ("Trojan Source"); genuine right-to-left names (Arabic, Hebrew) need none of them;
 * - zero-width and other invisible characters (U+200B, U+2060, U+FEFF, soft hyphen…) make two
 *   identical-looking values differ, defeating duplicate checks;
 * - `<` `>` are markup, not part of a name or an address;
 * - a leading `=` `+` `-` `@` is a spreadsheet formula (=HYPERLINK(…), +cmd|…): no name, street or
 *   city starts with one. CSV exports neutralise cells anyway (lib/csv/safe-cell.ts);
 * - emoji and pictographs are not part of a legal name or a postal address;
 * - a word mixing Latin with Cyrillic or Greek letters is the homoglyph trick ("Jаne" with a Cyrillic
 *   а); a name written wholly in Cyrillic or Greek is fine;
 * - a name or city has at least one letter; a street at least one letter or digit.
 */

export type TextKind = 'name' | 'street' | 'city';

export type TextProblem =
  | 'empty'
  | 'too_long'
  | 'control'
  | 'bidi'
  | 'invisible'
  | 'markup'
  | 'formula'
  | 'emoji'
  | 'mixed_scripts'
  | 'no_letter';

/** Lengths every channel uses (a signature or a guardian's full name may pass a longer max). */
export const TEXT_MAX: Record<TextKind, number> = { name: 100, street: 200, city: 100 };

const CONTROL = /\p{Cc}/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u034F\u115F\u1160\u3164\uFFA0]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const MARKUP = /[<>]/;
const FORMULA = /^[=+\-@]/;

export function mixesScripts(value: string): boolean {
  return value.split(/[\s\-'’.,]+/u).some((word) => {
    let scripts = 0;
    if (/\p{Script=Latin}/u.test(word)) scripts++;
    if (/\p{Script=Cyrillic}/u.test(word)) scripts++;
    if (/\p{Script=Greek}/u.test(word)) scripts++;
    return scripts > 1;
  });
}

/**
 * The stored form of an accepted value: Unicode NFC (an "é" typed as e + accent equals the one-key
 * "é"), no surrounding whitespace, runs of spaces as one.
 */
export function normaliseLine(raw: string): string {
  return raw.normalize('NFC').trim().replace(/ {2,}/g, ' ');
}

/** The first rule a (normalised) value breaks, or null when it is acceptable as `kind`. */
export function textProblem(kind: TextKind, value: string, max = TEXT_MAX[kind]): TextProblem | null {
  if (value === '') return 'empty';
  if (CONTROL.test(value)) return 'control';
  if (BIDI.test(value)) return 'bidi';
  if (INVISIBLE.test(value)) return 'invisible';
  if (value.length > max) return 'too_long';
  if (MARKUP.test(value)) return 'markup';
  if (FORMULA.test(value)) return 'formula';
  if (EMOJI.test(value)) return 'emoji';
  if (mixesScripts(value)) return 'mixed_scripts';
  if (!(kind === 'street' ? /[\p{L}\p{N}]/u : /\p{L}/u).test(value)) return 'no_letter';
  return null;
}

export type TextVerdict = { ok: true; value: string } | { ok: false; problem: TextProblem };

/** Normalise then check: the one call every channel's schema makes. */
export function checkText(kind: TextKind, raw: string, max?: number): TextVerdict {
  const value = normaliseLine(raw);
  const problem = textProblem(kind, value, max);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/**
 * The message for a problem. `subject` names the field for forms ("First name"); without it the
 * message reads after an import's `file:line:column (first_name):` prefix. Never repeats the value.
 */
export function textMessage(problem: TextProblem, kind: TextKind, opts: { subject?: string; max?: number } = {}): string {
  const max = opts.max ?? TEXT_MAX[kind];
  const s = opts.subject;
  // Forms name the field and speak to the person; an import's message follows `file:line:column (column):`.
  if (s) {
    switch (problem) {
      case 'empty': return `${s} is required`;
      case 'too_long': return `${s} must be ${max} characters or fewer`;
      case 'control': return `${s} must be on one line, without control characters`;
      case 'bidi': return `${s} contains invisible text-direction characters. Please type it again`;
      case 'invisible': return `${s} contains invisible characters. Please type it again`;
      case 'markup': return `${s} must not contain < or >`;
      case 'formula': return `${s} must not start with =, +, - or @`;
      case 'emoji': return `${s} must not contain emoji or symbols`;
      case 'mixed_scripts': return `${s} mixes letters from different alphabets. Please type it again`;
      case 'no_letter': return kind === 'street' ? `${s} must contain letters or numbers` : `${s} must contain letters`;
    }
  }
  switch (problem) {
    case 'empty': return 'is required';
    case 'too_long': return `is longer than ${max} characters`;
    case 'control': return 'contains a control character (a line break, tab or similar)';
    case 'bidi': return 'contains an invisible text-direction override or mark that disguises what is shown';
    case 'invisible': return 'contains an invisible character (such as a zero-width space)';
    case 'markup': return 'must not contain < or > (markup is not a name or an address)';
    case 'formula': return 'must not start with = + - or @ (a spreadsheet formula)';
    case 'emoji': return 'must not contain emoji or symbols';
    case 'mixed_scripts': return 'mixes Latin letters with look-alike Cyrillic or Greek letters in one word';
    case 'no_letter': return kind === 'street' ? 'must contain at least one letter or digit' : 'must contain at least one letter';
  }
}

/** U.S. states, the District of Columbia, territories and military "states" (USPS codes). */
export const US_STATES: [string, string][] = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'], ['CO', 'Colorado'],
  ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'], ['FL', 'Florida'], ['GA', 'Georgia'],
  ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'], ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'],
  ['KY', 'Kentucky'], ['LA', 'Louisiana'], ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'],
  ['MN', 'Minnesota'], ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'],
  ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'], ['NY', 'New York'], ['NC', 'North Carolina'],
  ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'], ['OR', 'Oregon'], ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'], ['SD', 'South Dakota'], ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'],
  ['VA', 'Virginia'], ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
  ['AS', 'American Samoa'], ['GU', 'Guam'], ['MP', 'Northern Mariana Islands'], ['PR', 'Puerto Rico'], ['VI', 'U.S. Virgin Islands'],
  ['UM', 'U.S. Minor Outlying Islands'], ['FM', 'Federated States of Micronesia'], ['MH', 'Marshall Islands'], ['PW', 'Palau'],
  ['AA', 'Armed Forces Americas'], ['AE', 'Armed Forces Europe'], ['AP', 'Armed Forces Pacific'],
];
const STATE_BY_KEY = new Map<string, string>();
for (const [code, name] of US_STATES) {
  STATE_BY_KEY.set(code, code);
  STATE_BY_KEY.set(name.toUpperCase().replace(/\./g, ''), code);
}

/** A state as its two-letter USPS code ("il", "Illinois" → "IL"), or null when it is not one (e.g. "ZZ"). */
export function parseUsState(raw: string): string | null {
  return STATE_BY_KEY.get(normaliseLine(raw).toUpperCase().replace(/\./g, '').replace(/\s+/g, ' ')) ?? null;
}

export const US_STATE_MESSAGE = 'must be a U.S. state, territory or military code, like IL or Illinois';
