import { others, type FraudRule } from '../types';

/**
 * DUPLICATE_PHONE: the same phone number (E.164) on a later claim. Two claims from one mailing address
 * sharing a phone are a household's landline and do not fire.
 */
export const duplicatePhone: FraudRule = {
  code: 'DUPLICATE_PHONE',
  weight: 250,
  check(f) {
    if (f.phoneN < 2 || f.phoneRank === 1) return null;
    if (f.phoneN === 2 && f.phoneOneAddress) return null;
    return { code: 'DUPLICATE_PHONE', weight: 250, evidence: `same phone number as ${others(f.phoneRank - 1)} filed earlier` };
  },
};
