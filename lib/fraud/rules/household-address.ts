import { others, type FraudRule } from '../types';

/**
 * HOUSEHOLD_ADDRESS: three or more claims at one street address that differ only by unit or apartment
 * number ("Apt 4B", "#12", "Unit 3"). Neighbours in one building are common, so this is a hint for the
 * reviewer, never a denial on its own.
 */
export const householdAddress: FraudRule = {
  code: 'HOUSEHOLD_ADDRESS',
  weight: 75,
  params: { minClaims: 3 },
  neverDenyAlone: true,
  check(f) {
    if (f.buildingN < 3 || !f.buildingUnitsDiffer) return null;
    return { code: 'HOUSEHOLD_ADDRESS', weight: 75, evidence: `same street address as ${others(f.buildingN - 1)}, with different unit numbers` };
  },
};
