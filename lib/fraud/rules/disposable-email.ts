import type { FraudRule } from '../types';

/** DISPOSABLE_EMAIL: the e-mail domain is on the maintained disposable-domain list (disposable-email-domains-js). */
export const disposableEmail: FraudRule = {
  code: 'DISPOSABLE_EMAIL',
  weight: 300,
  check: (f) => (f.disposableEmail ? { code: 'DISPOSABLE_EMAIL', weight: 300, evidence: 'e-mail address at a disposable-mailbox domain' } : null),
};
