import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALPHABET, CLAIM_PREFIX, NOTICE_PREFIX, newPublicId, parsePublicId } from '@/lib/claims/claim-id';
import { canonicalCode, newConfirmationCode, newNoticeCredentials, parseConfirmationCode } from './codes';

const char = fc.constantFrom(...ALPHABET);
const body11 = fc.array(char, { minLength: 11, maxLength: 11 }).map((a) => a.join(''));
/** A code from a seeded generator, so fast-check can shrink and replay it. */
const code = body11.map((b) => {
  let i = 0;
  return newConfirmationCode(() => ALPHABET.indexOf(b[i++]));
});

describe('confirmation codes', () => {
  it('are 12 Crockford characters in three groups with a valid check character, from 55 random bits', () => {
    const c = newConfirmationCode();
    expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseConfirmationCode(c)).toBe(c);
  });

  it('read back whatever the case, spacing, dashes and O/0, I/L/1 look-alikes', () => {
    fc.assert(
      fc.property(code, (c) => {
        const sloppy = c.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
        expect(parseConfirmationCode(sloppy)).toBe(c);
      }),
    );
  });

  it('catch every single wrong character', () => {
    fc.assert(
      fc.property(code, fc.nat(11), char, (c, pos, ch) => {
        const raw = c.replace(/-/g, '');
        fc.pre(raw[pos] !== ch);
        const typo = raw.slice(0, pos) + ch + raw.slice(pos + 1);
        expect(canonicalCode(typo)).toBeNull();
      }),
    );
  });

  it('catch most swaps of neighbours (Luhn mod 32 misses only a few pairs)', () => {
    let caught = 0;
    let swaps = 0;
    fc.assert(
      fc.property(code, fc.nat(10), (c, pos) => {
        const raw = c.replace(/-/g, '');
        fc.pre(raw[pos] !== raw[pos + 1]);
        swaps++;
        if (canonicalCode(raw.slice(0, pos) + raw[pos + 1] + raw[pos] + raw.slice(pos + 2)) === null) caught++;
      }),
      { numRuns: 2000 },
    );
    expect(caught / swaps).toBeGreaterThan(0.9);
  });

  it('do not repeat across 100,000 draws, nor do Notice IDs', () => {
    const codes = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const c = newNoticeCredentials();
      codes.add(c.confirmationCode);
      ids.add(c.noticeId);
      if (i < 1000) expect(parsePublicId(c.noticeId, NOTICE_PREFIX)).toBe(c.noticeId);
    }
    expect(codes.size).toBe(100_000);
    // 40 bits: a birthday collision among 1e5 is ~0.5% likely; the issuer retries on one (unique index).
    expect(ids.size).toBeGreaterThan(99_990);
  });

  it('are deterministic from a seed (the demo)', () => {
    let s = 7;
    const rand = (n: number) => (s = (s * 48271) % 2147483647) % n;
    const a = newNoticeCredentials(rand);
    s = 7;
    expect(newNoticeCredentials(rand)).toEqual(a);
  });
});

describe('example IDs shown in the product', () => {
  it('every example Notice ID and claim ID in the code and docs passes the product’s own check', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const files = execFileSync('git', ['ls-files', 'app', 'lib', 'docs', 'e2e', 'README.md'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(tsx?|md)$/.test(f) && !f.endsWith('.test.ts'));
    const found: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      // Shown to people as examples: "like N-…", "e.g. CL-…", in hints and messages.
      for (const m of text.matchAll(/(?:like|e\.g\.|looks like|reads like)\s+`?"?((?:N|CL|EX|OB)-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])/gi)) {
        const id = m[1];
        const prefix = id.split('-')[0];
        found.push(`${f}: ${id}`);
        expect(parsePublicId(id, prefix), `${f}: ${id}`).toBe(id);
      }
    }
    expect(found.length).toBeGreaterThan(5);
    expect(parsePublicId(newPublicId(CLAIM_PREFIX), CLAIM_PREFIX)).not.toBeNull();
  });
});
