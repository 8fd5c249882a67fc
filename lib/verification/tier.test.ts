import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settlementConfigSchema, type Tier } from '@/lib/settlements/config';
import { decideTier, unitsFor } from './tier';

const tiktok = settlementConfigSchema.parse(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/settlements/tiktok.json'), 'utf8')));
const points = (perUnit: number, cap?: number): Tier => ({ ...tiktok.tiers[0], units: { kind: 'points', attribute: 'months_active', perUnit, cap } });

describe('unitsFor', () => {
  it('gives the TikTok plan its integer shares', () => {
    expect(decideTier(tiktok, { created_video_in_illinois: true }, ['illinois_resident']).units).toBe(6);
    expect(decideTier(tiktok, { created_video_in_illinois: false }, ['illinois_resident']).units).toBe(1);
    expect(decideTier(tiktok, { created_video_in_illinois: true }, []).units).toBe(1);
  });

  it('counts whole points only, times perUnit, capped', () => {
    expect(unitsFor(points(100), { months_active: 3.7 })).toBe(300);
    expect(unitsFor(points(100, 2500), { months_active: 60 })).toBe(2500);
    expect(unitsFor(points(1), { months_active: 12 })).toBe(12);
    // Typed values only (the import parses integers): text is never read as a number.
    expect(unitsFor(points(1), { months_active: '12' })).toBe(0);
    expect(unitsFor(points(1), { months_active: 'n/a' })).toBe(0);
    expect(unitsFor(points(1), {})).toBe(0);
    expect(unitsFor(points(1), { months_active: -4 })).toBe(0);
    expect(unitsFor(points(1), null)).toBe(0);
  });

  it('always returns a safe integer', () => {
    for (const v of [0, 0.2, 1, 1.5, 99.99, 1e20, '7.9', true, null])
      for (const t of [points(1), points(7), points(1_000_000_000, 1_000_000_000), tiktok.tiers[0], tiktok.tiers[1]]) {
        const u = unitsFor(t, { months_active: v });
        expect(Number.isSafeInteger(u), `${JSON.stringify(t.units)} ${v}`).toBe(true);
      }
  });
});

describe('tier rules over typed attributes', () => {
  it('holds only on a stored boolean true; text and numbers are not guessed', () => {
    for (const v of ['true', 'yes', '1', 1, 'Y'])
      expect(decideTier(tiktok, { created_video_in_illinois: v }, ['illinois_resident']).tier.key, String(v)).toBe('nationwide');
    expect(decideTier(tiktok, { created_video_in_illinois: true }, ['illinois_resident']).tier.key).toBe('illinois');
  });

  it('treats a missing attribute as false (and the attestation as unsupported, a curable deficiency)', () => {
    const d = decideTier(tiktok, {}, ['illinois_resident']);
    expect(d).toMatchObject({ units: 1, unsupported: ['illinois'] });
    expect(d.tier.key).toBe('nationwide');
  });
});

describe('classListAttributes in the configuration', () => {
  const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/settlements/tiktok.json'), 'utf8'));
  const issues = (c: unknown) => {
    const r = settlementConfigSchema.safeParse(c);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('declares the TikTok attributes with their types', () => {
    expect(tiktok.classListAttributes).toEqual({
      created_video_in_illinois: { type: 'boolean' },
      months_active: { type: 'integer' },
      first_use_date: { type: 'date' },
    });
  });

  it('refuses a rule on an undeclared attribute, or one of the wrong type', () => {
    const { created_video_in_illinois: _, ...rest } = raw.classListAttributes;
    expect(issues({ ...raw, classListAttributes: rest })).toEqual([expect.stringMatching(/^tiers\.0\.eligibility\.recordAttributes\.0: "created_video_in_illinois" is not declared/)]);
    expect(issues({ ...raw, classListAttributes: { ...raw.classListAttributes, created_video_in_illinois: { type: 'text' } } })).toEqual([
      expect.stringMatching(/is declared text; an eligibility rule needs a boolean attribute/),
    ]);
    const pointsTier = { ...raw.tiers[1], units: { kind: 'points', attribute: 'first_use_date', perUnit: 1 } };
    expect(issues({ ...raw, tiers: [raw.tiers[0], pointsTier] })).toEqual([expect.stringMatching(/^tiers\.1\.units\.attribute: "first_use_date" is declared date; points need an integer attribute/)]);
    expect(issues({ ...raw, classListAttributes: { ...raw.classListAttributes, 'Bad Name': { type: 'text' } } }).length).toBe(1);
  });
});
