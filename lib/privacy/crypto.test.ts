import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decryptJson, deriveDataKey, encryptJson, generateKey, keyedHash, unwrapKey, wrapKey } from './crypto';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone, normaliseName } from './normalise';

describe('envelope encryption', () => {
  const key = deriveDataKey(generateKey());

  it('round-trips any JSON value and never stores the plain text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const sealed = encryptJson(key, v, 'claims.pii');
        expect(decryptJson(key, sealed, 'claims.pii')).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    expect(encryptJson(key, { email: 'canary@example.com' }, 'x')).not.toContain('canary');
  });

  it('refuses a value moved to another column or settlement, or tampered with', () => {
    const sealed = encryptJson(key, { a: 1 }, 'claims.pii');
    expect(() => decryptJson(key, sealed, 'opt_outs.pii')).toThrow();
    expect(() => decryptJson(deriveDataKey(generateKey()), sealed, 'claims.pii')).toThrow();
    const flipped = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => decryptJson(key, flipped, 'claims.pii')).toThrow();
  });

  it('wraps a data key so only the same settlement can unwrap it', () => {
    const master = generateKey();
    const raw = generateKey();
    const wrapped = wrapKey(master, raw, 's1');
    expect(unwrapKey(master, wrapped, 's1').equals(raw)).toBe(true);
    expect(() => unwrapKey(master, wrapped, 's2')).toThrow();
  });

  it('keyed hashes match normalised identifiers and separate kinds', () => {
    expect(keyedHash(key, 'email', normaliseEmail('Jane.Doe+tiktok@GMAIL.com'))).toBe(keyedHash(key, 'email', normaliseEmail('janedoe@gmail.com')));
    expect(keyedHash(key, 'email', 'x')).not.toBe(keyedHash(key, 'phone', 'x'));
  });
});

describe('normalisation and masking', () => {
  it('ignores dots and +tags only for Gmail', () => {
    expect(normaliseEmail('a.b+c@gmail.com')).toBe('ab@gmail.com');
    expect(normaliseEmail('a.b+c@yahoo.com')).toBe('a.b+c@yahoo.com');
  });
  it('puts phones in E.164 and rejects non-numbers', () => {
    expect(normalisePhone('(312) 555-0199')).toBe('+13125550199');
    expect(normalisePhone('not a phone')).toBeNull();
  });
  it('compares names without accents or case', () => {
    expect(normaliseName('  José  O’Brien ')).toBe(normaliseName('jose o brien'));
  });
  it('masks', () => {
    expect(maskEmail('jane@example.com')).toBe('j•••@example.com');
    expect(maskPhone('+13125550199')).toBe('•••-•••-0199');
  });
});
