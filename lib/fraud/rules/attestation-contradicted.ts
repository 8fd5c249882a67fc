import type { FraudRule } from '../types';

/**
 * ATTESTATION_CONTRADICTED: the matched record does not support what the claimant attested (an open
 * ATTESTATION_UNSUPPORTED deficiency). Honest people misremember; a hint only.
 */
export const attestationContradicted: FraudRule = {
  code: 'ATTESTATION_CONTRADICTED',
  weight: 50,
  check: (f) => (f.attestationUnsupported ? { code: 'ATTESTATION_CONTRADICTED', weight: 50, evidence: 'an attestation is not supported by the class-list record' } : null),
};
