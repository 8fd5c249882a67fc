import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deriveDataKey, generateKey } from '@/lib/privacy/crypto';
import { addressKey, emailKey, identityKeys, nameZipKey, phoneKey, usernameKey, zip5, zipKey } from './keys';

const key = deriveDataKey(generateKey());
const other = deriveDataKey(generateKey());

describe('matching keys', () => {
  it('match the same person written two ways', () => {
    expect(emailKey(key, 'JOHN.DOE+tiktok@GMAIL.COM')).toBe(emailKey(key, 'johndoe@gmail.com'));
    expect(phoneKey(key, '+1 (312) 555-0100')).toBe(phoneKey(key, '312-555-0100'));
    expect(usernameKey(key, '@JaneDoe')).toBe(usernameKey(key, 'janedoe'));
    expect(nameZipKey(key, 'José', 'Smith', '60601-1234')).toBe(nameZipKey(key, 'JOSE', 'smith ', '60601'));
    expect(addressKey(key, '123 N. Main St. Apt 4B', '60601')).toBe(addressKey(key, '123 North Main Street #4b', '60601-0001'));
  });

  it('keep namespaces apart and depend on the settlement key', () => {
    expect(zipKey(key, '60601')).not.toBe(nameZipKey(key, '60601', '', '60601'));
    expect(emailKey(key, 'a@b.com')).not.toBe(emailKey(other, 'a@b.com'));
  });

  it('are null when an input is missing or unusable, so blanks never match', () => {
    expect(identityKeys(key, {})).toEqual({ emailHash: null, phoneHash: null, usernameHash: null, nameZipHash: null, addressHash: null, zipHash: null });
    expect(phoneKey(key, 'n/a')).toBeNull();
    expect(nameZipKey(key, 'Jane', 'Doe', '')).toBeNull();
    expect(addressKey(key, '1 Main St', 'SW1A 1AA')).toBeNull();
    expect(zip5('6060')).toBeNull();
  });

  it('are pure: the same input always gives the same key', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, z) => {
        expect(identityKeys(key, { email: a, username: b, firstName: a, lastName: b, street: b, zip: z })).toEqual(
          identityKeys(key, { email: a, username: b, firstName: a, lastName: b, street: b, zip: z }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
