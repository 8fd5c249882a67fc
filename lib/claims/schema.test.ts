import { describe, expect, it } from 'vitest';
import { demoConfig } from '@/lib/demo/service';
import { cureSchema, fieldErrors, isAbaRoutingNumber, parseClaim, validateStep, type ClaimFormConfig } from './schema';

const demo = demoConfig(new Date('2026-01-01T00:00:00Z'));
const all: ClaimFormConfig = { ...demo, paymentMethods: ['paypal', 'venmo', 'zelle', 'prepaid_card', 'ach', 'check'] };

const valid = {
  usResident: 'yes', usedApp: 'yes', filingFor: 'self',
  firstName: 'Ava', lastName: 'Nguyen', state: 'IL', zip: '60601', email: 'ava@example.com',
  usernames: ['ava.nguyen'], attestations: [], paymentMethod: 'paypal', paypalEmail: 'ava@example.com',
  signature: 'Ava Nguyen', declaration: true,
};
const identity = (o: Record<string, unknown>) => validateStep(all, 'identity', { ...valid, ...o });

describe('eligibility step', () => {
  it('needs every answer, and "No" explains that the person is not in the class', () => {
    expect(Object.keys(validateStep(all, 'eligibility', {}))).toEqual(['usResident', 'usedApp', 'filingFor']);
    expect(validateStep(all, 'eligibility', { ...valid, usResident: 'no' }).usResident).toMatch(/Only people who lived in the United States/);
    expect(validateStep(all, 'eligibility', { ...valid, usedApp: 'no' }).usedApp).toMatch(/used TikTok/);
    expect(validateStep(all, 'eligibility', { ...valid, filingFor: 'robot' }).filingFor).toMatch(/Choose whether/);
    expect(validateStep(all, 'eligibility', valid)).toEqual({});
  });
});

describe('identity step', () => {
  it('names each empty required field', () => {
    expect(identity({ firstName: '', lastName: '   ', email: '', state: '', zip: '' })).toEqual({
      firstName: 'Enter the first name', lastName: 'Enter the last name', email: 'Enter the email address', state: 'Choose the state', zip: 'Enter the ZIP code',
    });
  });
  it('rejects overlong values and wrong types, naming the field', () => {
    expect(identity({ firstName: 'A'.repeat(101) }).firstName).toBe('First name must be 100 characters or fewer');
    expect(identity({ street: 'x'.repeat(201) }).street).toBe('Street address must be 200 characters or fewer');
    expect(identity({ email: `${'a'.repeat(250)}@example.com` }).email).toMatch(/254 characters/);
    expect(identity({ firstName: 42 }).firstName).toBe('First name must be text');
    expect(identity({ email: ['a@b.co'] }).email).toBe('Email address must be text');
    expect(identity({ zip: 60601 }).zip).toBe('ZIP code must be text');
  });
  it('rejects HTML/script in names and addresses', () => {
    expect(identity({ firstName: '<script>alert(1)</script>' }).firstName).toMatch(/must not contain < or >/);
    expect(identity({ lastName: 'Smith<img src=x onerror=alert(1)>' }).lastName).toMatch(/< or >/);
    expect(identity({ city: '<b>Chicago</b>' }).city).toMatch(/< or >/);
  });
  it('rejects a name that is only a spreadsheet formula, but stores names that merely contain formula characters', () => {
    for (const f of ['=HYPERLINK("http://evil","x")', '+cmd|" /C calc"!A0', '-Robert', '@SUM(A1)']) expect(identity({ lastName: f }).lastName).toBe('Last name must not start with =, +, - or @');
    expect(identity({ lastName: '=1+1' }).lastName).toBe('Last name must not start with =, +, - or @');
    expect(identity({ lastName: '1234' }).lastName).toBe('Last name must contain letters');
    expect(identity({ lastName: 'Smith-Jones' })).toEqual({});
    expect(identity({ lastName: 'Smith =HYPERLINK("x")' })).toEqual({});
  });
  it('rejects SQL-ish input only where it breaks a rule (quotes are legal in names), and keeps it as text', () => {
    expect(identity({ lastName: "O'Brien" })).toEqual({});
    const r = parseClaim(all, { ...valid, lastName: "Robert'); DROP TABLE claims;--" });
    expect(r.ok && r.claim.lastName).toBe("Robert'); DROP TABLE claims;--");
  });
  it('accepts genuine right-to-left and non-Latin names, and rejects bidi override tricks', () => {
    expect(identity({ firstName: 'محمد', lastName: 'כהן' })).toEqual({});
    expect(identity({ firstName: 'Анна', lastName: 'Ελένη' })).toEqual({});
    expect(identity({ firstName: 'José', lastName: 'Nuñez' })).toEqual({});
    expect(identity({ firstName: 'Ava\u202Egnp.exe' }).firstName).toMatch(/invisible text-direction characters/);
    expect(identity({ lastName: 'Ng\u2066uyen\u2069' }).lastName).toMatch(/invisible text-direction/);
    expect(identity({ city: 'Chicago\u200F' }).city).toMatch(/invisible text-direction/);
    expect(identity({ firstName: 'A\u200Bva' }).firstName).toMatch(/invisible characters/);
  });
  it('rejects homoglyph words that mix alphabets (a Cyrillic а inside a Latin name)', () => {
    expect(identity({ firstName: 'Jаne' }).firstName).toMatch(/different alphabets/);
    expect(identity({ city: 'Chicаgo' }).city).toMatch(/different alphabets/);
    expect(identity({ email: 'jаne@example.com' }).email).toMatch(/correct format/);
  });
  it('rejects control characters and emoji', () => {
    expect(identity({ firstName: 'Ava\u0000' }).firstName).toMatch(/control characters/);
    expect(identity({ street: '1 Main St\n2nd line' }).street).toMatch(/one line/);
    expect(identity({ firstName: 'Ava 😀' }).firstName).toMatch(/emoji/);
  });
  it('checks ZIP, state, phone; and a minor needs a guardian', () => {
    expect(identity({ zip: '6060' }).zip).toMatch(/5-digit ZIP/);
    expect(identity({ zip: '60601-1234' })).toEqual({});
    expect(identity({ state: 'ZZ' }).state).toBe('Choose the state');
    expect(identity({ phone: '555' }).phone).toMatch(/U.S. number/);
    expect(identity({ phone: '+44 20 7946 0958' }).phone).toMatch(/U.S. number/);
    expect(identity({ phone: '(312) 555-0100' })).toEqual({});
    expect(identity({ filingFor: 'minor' }).guardianName).toMatch(/parent or guardian/);
    expect(identity({ filingFor: 'minor', guardianName: 'Pat Nguyen' })).toEqual({});
  });
});

describe('identifiers step', () => {
  const ids = (o: Record<string, unknown>) => validateStep(all, 'identifiers', { usernames: [], ...o });
  it('needs a username or a Notice ID with its code', () => {
    expect(ids({})).toEqual({ 'usernames.0': 'Enter your TikTok username, or your Notice ID and confirmation code' });
    expect(ids({ noticeId: 'N-0000-0000-0' })).toEqual({ confirmationCode: 'Enter the confirmation code printed next to your Notice ID' });
    expect(ids({ confirmationCode: 'ABC234' }).noticeId).toMatch(/Enter the Notice ID/);
    expect(ids({ usernames: ['@ava.nguyen'] })).toEqual({});
  });
  it('catches a mistyped Notice ID by its check character', () => {
    expect(ids({ noticeId: 'N-0000-0000-1', confirmationCode: 'ABC234' }).noticeId).toMatch(/mistyped/);
  });
  it('rejects usernames with spaces, HTML, formulas, emoji, homoglyphs or too many characters, naming the box', () => {
    const bad = ['ava nguyen', '<script>', '=cmd|x', 'ava😀', 'аva'];
    const e = ids({ usernames: bad });
    expect(Object.keys(e)).toEqual(bad.map((_, i) => `usernames.${i}`));
    expect(ids({ usernames: ['a'.repeat(65)] })['usernames.0']).toMatch(/64 characters or fewer/);
    expect(ids({ usernames: 'ava' })['usernames']).toMatch(/must be a list/);
    expect(ids({ usernames: Array(6).fill('ava') })['usernames']).toMatch(/at most 5/);
  });
});

describe('attestation step', () => {
  it('accepts only the settlement’s statements', () => {
    expect(validateStep(all, 'attestation', { attestations: ['illinois_resident'] })).toEqual({});
    expect(validateStep(all, 'attestation', { attestations: ['california_resident'] })['attestations.0']).toMatch(/not part of this settlement/);
    expect(validateStep(all, 'attestation', { attestations: 'illinois_resident' }).attestations).toMatch(/must be a list/);
  });
});

describe('payment step', () => {
  const pay = (o: Record<string, unknown>, c = all) => validateStep(c, 'payment', { ...valid, ...o });
  it('offers only the settlement’s methods', () => {
    expect(pay({ paymentMethod: '' }).paymentMethod).toBe('Choose how you want to be paid');
    expect(pay({ paymentMethod: 'ach' }, demo).paymentMethod).toBe('Choose how you want to be paid');
    expect(pay({ paymentMethod: 'bitcoin' }).paymentMethod).toBe('Choose how you want to be paid');
  });
  it('checks each method’s details', () => {
    expect(pay({ paymentMethod: 'paypal', paypalEmail: 'nope' }).paypalEmail).toMatch(/PayPal account in the correct format/);
    expect(pay({ paymentMethod: 'venmo', venmoHandle: '123' }).venmoHandle).toMatch(/U.S. mobile number, email address or @username/);
    expect(pay({ paymentMethod: 'venmo', venmoHandle: 'ava@example.com' })).toEqual({});
    expect(pay({ paymentMethod: 'venmo', venmoHandle: '@Ava-Nguyen' })).toEqual({});
    expect(pay({ paymentMethod: 'venmo', venmoHandle: '312-555-0100' })).toEqual({});
    expect(pay({ paymentMethod: 'zelle', zelleContact: 'not a contact' }).zelleContact).toMatch(/Zelle/);
    expect(pay({ paymentMethod: 'zelle', zelleContact: '(312) 555-0100' })).toEqual({});
    expect(pay({ paymentMethod: 'prepaid_card', cardEmail: '' }).cardEmail).toMatch(/Enter the email address the card/);
  });
  it('validates ACH routing numbers by their ABA check digit, account digits and the confirmation', () => {
    expect(isAbaRoutingNumber('011000015')).toBe(true);
    expect(isAbaRoutingNumber('011000016')).toBe(false);
    expect(isAbaRoutingNumber('000000000')).toBe(false);
    const ach = { paymentMethod: 'ach', achRouting: '011000015', achAccount: '000123456789', achAccountConfirm: '000123456789', achAccountType: 'checking' };
    expect(pay(ach)).toEqual({});
    expect(pay({ ...ach, achRouting: '011000016' }).achRouting).toMatch(/routing number/);
    expect(pay({ ...ach, achAccount: '12ab' }).achAccount).toMatch(/4 to 17 digits/);
    expect(pay({ ...ach, achAccountConfirm: '000123456780' }).achAccountConfirm).toBe('The two account numbers do not match');
    expect(pay({ ...ach, achAccountType: 'bitcoin' }).achAccountType).toBe('Choose checking or savings');
  });
  it('needs a complete mailing address for a check', () => {
    expect(Object.keys(pay({ paymentMethod: 'check' }))).toEqual(['street', 'city']);
    expect(pay({ paymentMethod: 'check', street: '1 Main St', city: 'Chicago' })).toEqual({});
  });
});

describe('sign step and the whole claim', () => {
  it('needs the declaration box and a typed name', () => {
    expect(validateStep(all, 'sign', {})).toEqual({ signature: 'Enter your full name as your signature', declaration: 'Check the box to sign under penalty of perjury' });
    expect(validateStep(all, 'sign', { signature: 'Ava', declaration: 'true' }).declaration).toBeDefined();
  });
  it('returns every field error of every step at once, in form order', () => {
    const r = parseClaim(all, { usernames: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors)).toEqual(['usResident', 'usedApp', 'filingFor', 'firstName', 'lastName', 'email', 'state', 'zip', 'usernames.0', 'paymentMethod', 'declaration', 'signature']);
    expect(parseClaim(all, null)).toEqual({ ok: false, errors: { form: expect.any(String) } });
  });
  it('produces the sealed-ready claim with a PaymentDetails union', () => {
    const r = parseClaim(all, { ...valid, usernames: ['@Ava.Nguyen', 'ava.nguyen', ''], phone: '312 555 0100', paymentMethod: 'venmo', venmoHandle: '(312) 555-0100' });
    expect(r).toMatchObject({ ok: true, claim: { usernames: ['Ava.Nguyen'], phone: '+13125550100', payment: { method: 'venmo', phone: '+13125550100' } } });
  });
});

describe('cure form', () => {
  it('needs another identifier or the withdrawal', () => {
    const r = cureSchema(all).safeParse({ usernames: [''] });
    expect(r.success ? {} : fieldErrors(r.error)).toEqual({ 'usernames.0': 'Enter another TikTok username, or your Notice ID and confirmation code' });
    expect(cureSchema(all).safeParse({ withdrawAttestations: true }).success).toBe(true);
    expect(cureSchema(all).safeParse({ usernames: ['ava'] }).success).toBe(true);
  });
});
