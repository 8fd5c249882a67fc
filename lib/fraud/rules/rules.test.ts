import { describe, expect, it } from 'vitest';
import { CLEAN_FACTS, FRAUD_CODES, type FraudFacts } from '../types';
import { RULES } from './index';
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

const f = (o: Partial<FraudFacts>): FraudFacts => ({ ...CLEAN_FACTS, ...o });

describe('the rule set', () => {
  it('has one rule per reason code, and none fires on a clean claim', () => {
    expect(RULES.map((r) => r.code).sort()).toEqual([...FRAUD_CODES].sort());
    for (const r of RULES) expect(r.check(CLEAN_FACTS)).toBeNull();
  });
  it('never puts personal data in evidence: only counts and kinds', () => {
    const hits = RULES.map((r) => r.check(f({ payoutOwn: false, payoutN: 15, payoutOneAddress: false, emailN: 3, emailRank: 3, phoneN: 3, phoneRank: 2, recordN: 2, recordRank: 2, recordOnePayout: false, buildingN: 4, buildingUnitsDiffer: true, ipWindowN: 9, uaWindowN: 6, honeypot: true, disposableEmail: true, formSeconds: 2, verificationStatus: 'unmatched', attestationUnsupported: true })));
    for (const h of hits.filter(Boolean)) expect(h!.evidence).not.toMatch(/@|\d{3}-\d{4}/);
  });
});

describe('SHARED_PAYOUT', () => {
  it('fires on a ring: the same PayPal account as 14 other claims', () => {
    expect(sharedPayout.check(f({ payoutN: 15, payoutOneAddress: false, payoutOwn: false }))).toEqual({ code: 'SHARED_PAYOUT', weight: 350, evidence: 'same PayPal account as 14 other claims' });
    expect(sharedPayout.check(f({ paymentMethod: 'check', payoutN: 4, payoutOwn: false }))?.evidence).toBe('same check mailing address as 3 other claims');
  });
  it('two claims from different addresses sharing one account are a hint only (a family), three are a ring', () => {
    expect(sharedPayout.check(f({ payoutN: 2, payoutOneAddress: false, payoutOwn: false }))).toMatchObject({ code: 'SHARED_PAYOUT', weight: 50 });
    expect(sharedPayout.check(f({ payoutN: 3, payoutOneAddress: true, payoutOwn: false }))).toMatchObject({ code: 'SHARED_PAYOUT', weight: 350 });
  });
  it('near miss: members paying their own (shared family) mailbox do not fire it', () => {
    expect(sharedPayout.check(f({ payoutN: 3, payoutOneAddress: false, payoutOwn: true }))).toBeNull();
  });
  it('near miss: a couple at one address sharing a PayPal account does not', () => {
    expect(sharedPayout.check(f({ payoutN: 2, payoutOneAddress: true }))).toBeNull();
  });
});

describe('DUPLICATE_EMAIL', () => {
  it('fires on the later claim with the same normalised e-mail', () => {
    expect(duplicateEmail.check(f({ emailN: 2, emailRank: 2 }))).toMatchObject({ weight: 400, evidence: 'same e-mail address (after normalising) as 1 other claim filed earlier' });
  });
  it('a pattern of three or more flags the first too, lightly', () => {
    expect(duplicateEmail.check(f({ emailN: 3, emailRank: 1 }))).toMatchObject({ weight: 150 });
  });
  it('near miss: the first of two claims (the person’s own, then a retry or an impostor) is not flagged', () => {
    expect(duplicateEmail.check(f({ emailN: 2, emailRank: 1 }))).toBeNull();
  });
  it('near miss: a family mailbox the class list gives to two members carries two claims', () => {
    expect(duplicateEmail.check(f({ emailN: 2, emailRank: 2, emailMembers: 2 }))).toBeNull();
    expect(duplicateEmail.check(f({ emailN: 3, emailRank: 3, emailMembers: 2 }))?.code).toBe('DUPLICATE_EMAIL');
  });
});

describe('DUPLICATE_PHONE', () => {
  it('fires on a later claim with the same phone from elsewhere', () => {
    expect(duplicatePhone.check(f({ phoneN: 2, phoneRank: 2, phoneOneAddress: false }))?.code).toBe('DUPLICATE_PHONE');
    expect(duplicatePhone.check(f({ phoneN: 3, phoneRank: 3, phoneOneAddress: true }))?.code).toBe('DUPLICATE_PHONE');
  });
  it('near miss: a household’s landline on two claims from one address does not', () => {
    expect(duplicatePhone.check(f({ phoneN: 2, phoneRank: 2, phoneOneAddress: true }))).toBeNull();
  });
});

describe('DUPLICATE_RECORD', () => {
  it('fires on a later claim for a class-list record another claim holds', () => {
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: false, payoutOwn: false }))).toMatchObject({ code: 'DUPLICATE_RECORD', weight: 600 });
  });
  it('near miss: the first claim for the record is not flagged', () => {
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 1, recordOnePayout: false }))).toBeNull();
  });
  it('near miss: a member whose identity was used first is not flagged by it when paid to their own account or their household’s', () => {
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: true, payoutOwn: false }))).toBeNull();
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: false, payoutOwn: true }))).toBeNull();
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: false, payoutOwn: false, payoutN: 2, payoutOneAddress: true }))).toBeNull();
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: false, payoutOwn: false, payoutN: 4, payoutOneAddress: true }))).toBeNull();
    expect(duplicateRecord.check(f({ recordN: 2, recordRank: 2, recordOnePayout: false, payoutOwn: false, payoutIsMember: true }))).toBeNull();
  });
});

describe('HOUSEHOLD_ADDRESS', () => {
  it('fires on three or more claims at one street address with different units', () => {
    expect(householdAddress.check(f({ buildingN: 4, buildingUnitsDiffer: true }))).toMatchObject({ code: 'HOUSEHOLD_ADDRESS', weight: 75 });
    expect(householdAddress.neverDenyAlone).toBe(true);
  });
  it('near miss: two neighbours in a building, or a family in one apartment, do not', () => {
    expect(householdAddress.check(f({ buildingN: 2, buildingUnitsDiffer: true }))).toBeNull();
    expect(householdAddress.check(f({ buildingN: 5, buildingUnitsDiffer: false }))).toBeNull();
  });
});

describe('IP_BURST and UA_BURST', () => {
  it('fire on a burst from one network, one device, or one script', () => {
    expect(ipBurst.check(f({ ipWindowN: 6 }))?.evidence).toBe('6 claims from one network within 10 minutes');
    expect(ipBurst.check(f({ deviceN: 3 }))?.evidence).toBe('3 claims from one device');
    expect(uaBurst.check(f({ uaWindowN: 3 }))?.code).toBe('UA_BURST');
  });
  it('near miss: shared Wi-Fi — a family of four on one network, a couple on one laptop — does not', () => {
    expect(ipBurst.check(f({ ipWindowN: 4, deviceN: 2 }))).toBeNull();
    expect(uaBurst.check(f({ ipWindowN: 4, uaWindowN: 2 }))).toBeNull();
    expect(ipBurst.neverDenyAlone).toBe(true);
  });
});

describe('single-claim signals', () => {
  it('DISPOSABLE_EMAIL, HONEYPOT fire on their flag only', () => {
    expect(disposableEmail.check(f({ disposableEmail: true }))?.code).toBe('DISPOSABLE_EMAIL');
    expect(honeypot.check(f({ honeypot: true }))?.code).toBe('HONEYPOT');
  });
  it('FAST_FORM fires under 10 s; near miss: a quick but human 45 s, or a paper claim with no timing, does not', () => {
    expect(fastForm.check(f({ formSeconds: 3 }))?.evidence).toBe('form completed in 3 s (under 10 s)');
    expect(fastForm.check(f({ formSeconds: 45 }))).toBeNull();
    expect(fastForm.check(f({ formSeconds: null }))).toBeNull();
  });
  it('NOT_IN_CLASS fires on unmatched; near miss: a probable match (a name typo) or a pending one does not', () => {
    expect(notInClass.check(f({ verificationStatus: 'unmatched', matchStatus: 'not_found' }))?.code).toBe('NOT_IN_CLASS');
    expect(notInClass.check(f({ verificationStatus: 'probable' }))).toBeNull();
    expect(notInClass.check(f({ verificationStatus: 'pending' }))).toBeNull();
  });
  it('RECORD_CONFLICT fires when identifiers point at different records; near miss: a duplicate holder of one record does not', () => {
    expect(recordConflict.check(f({ verificationStatus: 'conflict', matchStatus: 'conflict', matchRecordId: null }))?.code).toBe('RECORD_CONFLICT');
    expect(recordConflict.check(f({ verificationStatus: 'conflict', matchStatus: 'conflict', matchRecordId: 'R9' }))).toBeNull();
  });
  it('ATTESTATION_CONTRADICTED fires on an open ATTESTATION_UNSUPPORTED deficiency', () => {
    expect(attestationContradicted.check(f({ attestationUnsupported: true }))?.code).toBe('ATTESTATION_CONTRADICTED');
  });
});
