import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimSignalValues, ipNetwork, isDisposableEmail, payoutIsOwn, splitUnit } from './signals';

const key = { enc: randomBytes(32), mac: randomBytes(32) };

describe('claim signals', () => {
  it('splits the unit off a street line, whatever its spelling', () => {
    const a = splitUnit('123 N. Main St. Apt 4B');
    expect(a).toEqual({ building: splitUnit('123 North Main Street #4b').building, unit: '4B' });
    expect(splitUnit('123 North Main Street Unit 4b').unit).toBe('4B');
    expect(splitUnit('123 Main St', 'Apt 7').unit).toBe('7');
    expect(splitUnit('123 Main St').unit).toBeNull();
  });
  it('unit variants share a building hash but not an address hash; a household shares both', () => {
    const one = claimSignalValues(key, { email: 'a@x.org', street: '12 Oak Ave Apt 1', zip: '60601' }, null);
    const two = claimSignalValues(key, { email: 'b@x.org', street: '12 Oak Avenue #2', zip: '60601' }, null);
    const spouse = claimSignalValues(key, { email: 'c@x.org', street: '12 Oak Avenue Apartment 1', zip: '60601-1234' }, null);
    expect(one.buildingHash).toBe(two.buildingHash);
    expect(one.addressHash).not.toBe(two.addressHash);
    expect(one.addressHash).toBe(spouse.addressHash);
  });
  it('the network of an IP: /24 and /48', () => {
    expect(ipNetwork('203.0.113.77')).toBe('203.0.113.0/24');
    expect(ipNetwork('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(ipNetwork('not an ip')).toBeNull();
  });
  it('disposable e-mail domains come from the maintained list; a privacy mail provider is not one', () => {
    expect(isDisposableEmail('x@mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@Guerrillamail.com')).toBe(true);
    expect(isDisposableEmail('x@gmail.com')).toBe(false);
    expect(isDisposableEmail('x@proton.me')).toBe(false);
    expect(isDisposableEmail('no-at-sign')).toBe(false);
  });
  it('hashes the user agent and network, never keeps them', () => {
    const s = claimSignalValues(key, { email: 'a@x.org' }, { ip: '10.1.2.3', userAgent: 'python-requests/2.31.0' });
    expect(s.uaHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(s)).not.toContain('python');
  });
  it('a payout to the claimant’s own e-mail, phone or username is their own; to another account it is not', () => {
    const pii = { email: 'Jo.Doe@gmail.com', phone: '(312) 555-0100', usernames: ['@jodoe'] };
    expect(payoutIsOwn(pii, { method: 'paypal', email: 'jodoe+x@gmail.com' })).toBe(true);
    expect(payoutIsOwn(pii, { method: 'venmo', phone: '+13125550100' })).toBe(true);
    expect(payoutIsOwn(pii, { method: 'venmo', username: 'JoDoe' })).toBe(true);
    expect(payoutIsOwn(pii, { method: 'check' })).toBe(true);
    expect(payoutIsOwn(pii, { method: 'ach', routingNumber: '011000015', accountNumber: '1234', accountType: 'checking' })).toBe(true);
    expect(payoutIsOwn(pii, { method: 'paypal', email: 'ring@proton.me' })).toBe(false);
    expect(payoutIsOwn(pii, { method: 'venmo', username: 'someone-else' })).toBe(false);
    // Nothing to compare with: the benefit of the doubt.
    expect(payoutIsOwn({ email: 'a@x.org', usernames: [] }, { method: 'venmo', phone: '+13125550100' })).toBe(true);
    expect(payoutIsOwn({ email: 'a@x.org', usernames: [] }, { method: 'venmo', username: 'anyone' })).toBe(true);
  });
});
