import { keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { normaliseName, normaliseZip } from '@/lib/privacy/normalise';

/**
 * The probable-match keys, the same formulas as the class list's (lib/classlist/keys.ts), so a claim's
 * hashes meet a record's in one SQL join. The integrator points these at the class-list helper's
 * functions (its canonical street comes from parse-address); the formulas must not drift:
 *   name_zip = keyedHash('name_zip', normaliseName(first + ' ' + last) + '|' + zip5)
 *   address  = keyedHash('address',  canonicalStreet(street) + '|' + zip5)
 *   zip      = keyedHash('zip',      zip5)
 */

/** Five digits, or null when the ZIP is not a U.S. ZIP (then there is no block to compare within). */
export function zip5(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const z = normaliseZip(raw);
  return /^\d{5}$/.test(z) ? z : null;
}

/** Lower case, punctuation to spaces, runs of spaces collapsed. */
export function canonicalStreet(street: string): string {
  return street.toLowerCase().replace(/[.,#]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function nameZipKey(key: DataKey, first: string | undefined, last: string | undefined, zip: string | undefined | null): string | null {
  const z = zip5(zip);
  const name = normaliseName(`${first ?? ''} ${last ?? ''}`);
  return z && name ? keyedHash(key, 'name_zip', `${name}|${z}`) : null;
}

export function addressKey(key: DataKey, street: string | undefined, zip: string | undefined | null): string | null {
  const z = zip5(zip);
  const s = street ? canonicalStreet(street) : '';
  return z && s ? keyedHash(key, 'address', `${s}|${z}`) : null;
}

export function zipKey(key: DataKey, zip: string | undefined | null): string | null {
  const z = zip5(zip);
  return z ? keyedHash(key, 'zip', z) : null;
}
