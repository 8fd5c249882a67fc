import { randomBytes } from 'node:crypto';
import { ALPHABET, NOTICE_PREFIX, checkChar, newPublicId } from '@/lib/claims/claim-id';
import { encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';

/**
 * Notice credentials: the Notice ID printed on a notice (lib/claims/claim-id.ts) and the confirmation
 * code beside it that proves the claimant holds that notice.
 *
 * The code is 11 random Crockford base-32 characters (55 bits, so guessing one for a known Notice ID
 * takes ~2^54 tries; intake is rate limited far below that) and a Luhn mod 32 check character, shown
 * in three groups of four: `4F7Q-K2MX-9TBK`. Crockford leaves out I, L, O and U, and reading accepts
 * O for 0 and I/L for 1, so a code read over the phone or copied by hand survives; the check character
 * catches every single wrong character and most neighbour swaps before the server is asked.
 */

export const CODE_RANDOM_CHARS = 11;
export const NOTICE_CODE_AAD = 'class_members.notice_code';

function group(code12: string): string {
  return `${code12.slice(0, 4)}-${code12.slice(4, 8)}-${code12.slice(8)}`;
}

/** A new confirmation code. `rand(n)` (0…n-1) makes it deterministic for the demo; otherwise crypto random. */
export function newConfirmationCode(rand?: (n: number) => number): string {
  let body = '';
  if (rand) for (let i = 0; i < CODE_RANDOM_CHARS; i++) body += ALPHABET[rand(32)];
  else for (const b of randomBytes(CODE_RANDOM_CHARS)) body += ALPHABET[b & 31]; // 256 % 32 = 0: uniform
  return group(body + checkChar(body));
}

/** Upper-cases, drops spaces and dashes, maps O→0 and I/L→1; the 12 characters, or null when the check fails. */
export function canonicalCode(raw: string): string | null {
  const c = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (c.length !== CODE_RANDOM_CHARS + 1 || [...c].some((ch) => !ALPHABET.includes(ch))) return null;
  return checkChar(c.slice(0, -1)) === c.at(-1) ? c : null;
}

/** The code as printed (`XXXX-XXXX-XXXX`), or null when it is mistyped. */
export function parseConfirmationCode(raw: string): string | null {
  const c = canonicalCode(raw);
  return c ? group(c) : null;
}

/**
 * What the code's keyed hash is taken over: the canonical form when it is one of our codes, else (codes a
 * defendant's list supplied in another format) the old rule — trimmed, upper-cased, spaces and dashes dropped.
 */
export function codeHashInput(raw: string): string {
  return canonicalCode(raw) ?? raw.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function hashConfirmationCode(key: DataKey, code: string): string {
  return keyedHash(key, 'code', codeHashInput(code));
}

export type NoticeCredentials = { noticeId: string; confirmationCode: string };

export function newNoticeCredentials(rand?: (n: number) => number): NoticeCredentials {
  return { noticeId: newPublicId(NOTICE_PREFIX, rand), confirmationCode: newConfirmationCode(rand) };
}

/** The class_members columns that record an issued notice: the ID, the code's keyed hash (matching) and the code sealed (the mail file). */
export function noticeColumns(key: DataKey, creds: NoticeCredentials, issuedAt: Date) {
  return {
    noticeId: creds.noticeId,
    confirmationCodeHash: hashConfirmationCode(key, creds.confirmationCode),
    noticeCode: encryptJson(key, creds.confirmationCode, NOTICE_CODE_AAD),
    noticeIssuedAt: issuedAt,
  };
}
