import type { FraudCode } from './types';

/** Each reason code in a few plain words (the dashboard, the CLI; README "Fraud reason codes" says more). */
export const REASON_LABELS: Record<FraudCode, string> = {
  SHARED_PAYOUT: 'Same payout account as other claims',
  DUPLICATE_EMAIL: 'Same e-mail address as an earlier claim',
  DUPLICATE_PHONE: 'Same phone number as an earlier claim',
  DUPLICATE_RECORD: 'Class-list record already claimed',
  HOUSEHOLD_ADDRESS: 'Street address shared with unit variants',
  IP_BURST: 'Many claims from one network or device',
  UA_BURST: 'Identical browser in a burst',
  DISPOSABLE_EMAIL: 'Disposable e-mail domain',
  FAST_FORM: 'Form completed implausibly fast',
  HONEYPOT: 'Hidden form field filled in',
  NOT_IN_CLASS: 'Not found in the class list',
  RECORD_CONFLICT: 'Identifiers point at different records',
  ATTESTATION_CONTRADICTED: 'Attestation not supported by the records',
};

export const reasonLabel = (code: string) => REASON_LABELS[code as FraudCode] ?? code;
