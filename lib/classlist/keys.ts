import { keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { canonicalStreet, normaliseEmail, normaliseName, normalisePhone, normaliseUsername, normaliseZip } from '@/lib/privacy/normalise';

/**
 * The matching keys of a person, as keyed hashes (DOMAIN.md §5). The class-list import stores them on
 * class_members; verification computes the SAME functions over a claim's identifiers and joins on the
 * columns. Pure (the data key in, a hash or null out) so both sides agree by construction: change a
 * normaliser here and both the import and the matcher change together (then re-import to re-key).
 *
 * Each key is null when its inputs are missing or unusable (no ZIP, a phone that is not a number), so a
 * blank never matches another blank.
 */

const clean = (v: string | null | undefined): string => (v ?? '').trim();

/** keyedHash('email', …): lower-cased; Gmail's dots and +tags folded (JOHN.DOE+tiktok@GMAIL.COM = johndoe@gmail.com). */
export function emailKey(key: DataKey, email: string | null | undefined): string | null {
  return clean(email) ? keyedHash(key, 'email', normaliseEmail(clean(email))) : null;
}

/** keyedHash('phone', E.164): `+1 (312) 555-0100` = `312.555.0100` = `+13125550100`. */
export function phoneKey(key: DataKey, phone: string | null | undefined): string | null {
  const e164 = clean(phone) ? normalisePhone(clean(phone)) : null;
  return e164 ? keyedHash(key, 'phone', e164) : null;
}

/** keyedHash('username', …): without a leading @, lower-cased. */
export function usernameKey(key: DataKey, username: string | null | undefined): string | null {
  const u = clean(username) ? normaliseUsername(clean(username)) : '';
  return u ? keyedHash(key, 'username', u) : null;
}

/** The first five digits of a U.S. ZIP (or ZIP+4); null when there are not five digits. */
export function zip5(zip: string | null | undefined): string | null {
  const z = normaliseZip(clean(zip));
  return /^\d{5}$/.test(z) ? z : null;
}

/** keyedHash('zip', zip5): blocks fuzzy name + address comparison to one ZIP. */
export function zipKey(key: DataKey, zip: string | null | undefined): string | null {
  const z = zip5(zip);
  return z ? keyedHash(key, 'zip', z) : null;
}

/** keyedHash('name_zip', normaliseName(first + ' ' + last) + '|' + zip5): the probable-match key. */
export function nameZipKey(key: DataKey, firstName: string | null | undefined, lastName: string | null | undefined, zip: string | null | undefined): string | null {
  const name = normaliseName(`${clean(firstName)} ${clean(lastName)}`);
  const z = zip5(zip);
  return name && z ? keyedHash(key, 'name_zip', `${name}|${z}`) : null;
}

/** keyedHash('address', canonicalStreet + '|' + zip5): one household; `123 N. Main St. Apt 4B` = `123 North Main Street #4b`. */
export function addressKey(key: DataKey, street: string | null | undefined, zip: string | null | undefined): string | null {
  const s = canonicalStreet(clean(street));
  const z = zip5(zip);
  return s && z ? keyedHash(key, 'address', `${s}|${z}`) : null;
}

export type IdentityInput = {
  email?: string | null;
  phone?: string | null;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  street?: string | null;
  zip?: string | null;
};

export type IdentityKeys = {
  emailHash: string | null;
  phoneHash: string | null;
  usernameHash: string | null;
  nameZipHash: string | null;
  addressHash: string | null;
  zipHash: string | null;
};

/** Every key of one person, named as the class_members columns. */
export function identityKeys(key: DataKey, p: IdentityInput): IdentityKeys {
  return {
    emailHash: emailKey(key, p.email),
    phoneHash: phoneKey(key, p.phone),
    usernameHash: usernameKey(key, p.username),
    nameZipHash: nameZipKey(key, p.firstName, p.lastName, p.zip),
    addressHash: addressKey(key, p.street, p.zip),
    zipHash: zipKey(key, p.zip),
  };
}
