import type { FraudRule } from '../types';
import { attestationContradicted } from './attestation-contradicted';
import { disposableEmail } from './disposable-email';
import { duplicateEmail } from './duplicate-email';
import { duplicatePhone } from './duplicate-phone';
import { duplicateRecord } from './duplicate-record';
import { fastForm } from './fast-form';
import { honeypot } from './honeypot';
import { householdAddress } from './household-address';
import { ipBurst } from './ip-burst';
import { notInClass } from './not-in-class';
import { recordConflict } from './record-conflict';
import { sharedPayout } from './shared-payout';
import { uaBurst } from './ua-burst';

/** Every rule, one per file, in the order their evidence is listed. */
export const RULES: readonly FraudRule[] = [
  notInClass,
  duplicateRecord,
  duplicateEmail,
  duplicatePhone,
  sharedPayout,
  recordConflict,
  honeypot,
  disposableEmail,
  fastForm,
  uaBurst,
  ipBurst,
  householdAddress,
  attestationContradicted,
];
