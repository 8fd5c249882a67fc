import { CmpStr } from 'cmpstr';
import { normaliseName } from '@/lib/privacy/normalise';
import { zip5 } from '@/lib/classlist/keys';
import { canonicalStreet } from '@/lib/privacy/normalise';

/**
 * Fuzzy name and street similarity for the probable match (Jaro-Winkler from cmpstr, a maintained
 * library), computed only within one ZIP: the SQL join already restricted candidates to the claim's ZIP.
 */

const jw = CmpStr.create({ metric: 'jaroWinkler' });

export type NameAddress = { firstName?: string; lastName?: string; street?: string; zip?: string };

export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return Number(jw.compare(a, b)) || 0;
}

/**
 * Name and street scores of a claim against a record, 0 when either side lacks the field or the ZIPs differ.
 * `streets` memoises canonicalStreet for one batch page: parsing a street (parse-address) costs ~1 ms,
 * and a claim meets up to 50 records of its ZIP, and a record many claims. The caller drops the map with
 * the page, so no decrypted street outlives it.
 */
export function nameAddressScores(claim: NameAddress, record: NameAddress, streets?: Map<string, string>): { nameScore: number; addressScore: number } {
  if (!zip5(claim.zip) || zip5(claim.zip) !== zip5(record.zip)) return { nameScore: 0, addressScore: 0 };
  const name = (p: NameAddress) => normaliseName(`${p.firstName ?? ''} ${p.lastName ?? ''}`);
  const street = (raw: string | undefined) => {
    if (!raw) return '';
    let s = streets?.get(raw);
    if (s === undefined) {
      s = canonicalStreet(raw);
      streets?.set(raw, s);
    }
    return s;
  };
  return { nameScore: similarity(name(claim), name(record)), addressScore: similarity(street(claim.street), street(record.street)) };
}
