import { encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';

/** Where a filing came from. Kept sealed (it is personal data); the keyed IP hash lets staff spot floods. */
export type FilingMeta = { ip?: string; userAgent?: string };

export function sealIntake(key: DataKey, meta: FilingMeta, context: string): { intake: string | null; ipHash: string | null } {
  const ip = meta.ip?.trim() || undefined;
  const userAgent = meta.userAgent?.slice(0, 500) || undefined;
  return {
    intake: ip || userAgent ? encryptJson(key, { ip, userAgent }, context) : null,
    ipHash: ip ? keyedHash(key, 'ip', ip) : null,
  };
}

/** Result of a filing service: the public ID, or every field error for the form. */
export type FilingResult<T> = ({ ok: true } & T) | { ok: false; fieldErrors: Partial<Record<string, string[]>> };

/**
 * A paper filing keyed in by staff (issue 7): channel `mail`, the envelope's postmark decides timeliness
 * (DOMAIN.md §3: postmarked by the deadline, a calendar date in the settlement's zone, is timely however
 * late it is keyed in), `idempotencyKey` comes from the mail room's reference on the envelope, and the
 * staff user is the audit row's actor.
 */
export type PaperIntake = { postmarkDate: string; idempotencyKey: string; actor: string };
