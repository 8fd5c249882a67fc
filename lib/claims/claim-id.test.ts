import { describe, expect, it } from 'vitest';
import { CLAIM_PREFIX, newPublicId, parsePublicId } from './claim-id';

describe('public claim IDs', () => {
  it('parse back, forgiving case, spaces and look-alike letters', () => {
    for (let i = 0; i < 500; i++) {
      const id = newPublicId(CLAIM_PREFIX);
      expect(id).toMatch(/^CL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
      expect(parsePublicId(id.toLowerCase().replaceAll('-', ' '), CLAIM_PREFIX)).toBe(id);
      expect(parsePublicId(id.replaceAll('0', 'O').replaceAll('1', 'I'), CLAIM_PREFIX)).toBe(id);
    }
  });

  it('catch every single wrong character', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let n = 0; n < 50; n++) {
      const id = newPublicId(CLAIM_PREFIX);
      const chars = id.replaceAll('-', '').slice(2);
      for (let pos = 0; pos < chars.length; pos++) {
        for (const c of alphabet) {
          if (c === chars[pos]) continue;
          const typo = chars.slice(0, pos) + c + chars.slice(pos + 1);
          expect(parsePublicId(`CL${typo}`, CLAIM_PREFIX)).toBeNull();
        }
      }
    }
  });

  it('reject other prefixes and lengths', () => {
    expect(parsePublicId('EX-0000-0000-0', CLAIM_PREFIX)).toBeNull();
    expect(parsePublicId('CL-0000', CLAIM_PREFIX)).toBeNull();
  });
});
