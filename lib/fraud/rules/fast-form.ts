import type { FraudRule } from '../types';

/** FAST_FORM: the web form was completed faster than a person can read and type it. */
export const FAST_FORM_SECONDS = 10;
export const fastForm: FraudRule = {
  code: 'FAST_FORM',
  weight: 200,
  params: { belowSeconds: FAST_FORM_SECONDS },
  check(f) {
    if (f.formSeconds === null || f.formSeconds >= FAST_FORM_SECONDS) return null;
    return { code: 'FAST_FORM', weight: 200, evidence: `form completed in ${f.formSeconds} s (under ${FAST_FORM_SECONDS} s)` };
  },
};
