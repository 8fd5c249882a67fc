/**
 * Public IDs that are easy to read aloud over the phone: Crockford base-32 (no I, L, O, U), grouped
 * in fours, with a final Luhn mod 32 check character that catches any single wrong character and
 * most swaps of neighbours. e.g. "CL-7K3M-9QX2-D".
 */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

/** The Luhn mod 32 check character of a body of Crockford characters (also used by confirmation codes). */
export function checkChar(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const addend = factor * ALPHABET.indexOf(body[i]);
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(N - (sum % N)) % N];
}

/**
 * Eight uniform characters from Web Crypto (global in Node 20 and browsers), so this module is safe to
 * import from client components (the claim form checks a Notice ID's check character as it is typed).
 * 256 is a multiple of 32, so a byte's low five bits are uniform: one draw of eight bytes, no rejection.
 */
function randomBody(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  let body = '';
  for (const b of bytes) body += ALPHABET[b & 31];
  return body;
}

/** A random ID: prefix + 8 random characters (40 bits) + check character. `rand` lets the demo be deterministic. */
export function newPublicId(prefix: string, rand?: (n: number) => number): string {
  let body = '';
  if (rand) for (let i = 0; i < 8; i++) body += ALPHABET[rand(32)];
  else body = randomBody();
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}-${checkChar(body)}`;
}

/** Upper-cases, maps look-alikes (O→0, I/L→1), strips spaces and dashes, re-groups; null if the check fails. */
export function parsePublicId(raw: string, prefix: string): string | null {
  const cleaned = raw.toUpperCase().replace(/[\s-]/g, '');
  if (!cleaned.startsWith(prefix)) return null;
  const rest = cleaned.slice(prefix.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (rest.length !== 9) return null;
  const body = rest.slice(0, 8);
  if ([...body].some((c) => !ALPHABET.includes(c))) return null;
  if (checkChar(body) !== rest[8]) return null;
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}-${rest[8]}`;
}

export const CLAIM_PREFIX = 'CL';
export const OPT_OUT_PREFIX = 'EX';
export const OBJECTION_PREFIX = 'OB';
export const NOTICE_PREFIX = 'N';
