import type { FraudRule } from '../types';

/** HONEYPOT: the hidden form field no person sees was filled in (an automated submission). */
export const honeypot: FraudRule = {
  code: 'HONEYPOT',
  weight: 500,
  check: (f) => (f.honeypot ? { code: 'HONEYPOT', weight: 500, evidence: 'the hidden form field was filled in' } : null),
};
