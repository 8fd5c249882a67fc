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
    expect(unitsFor(points(1), { months_active: '12' })).toBe(12);
    expect(unitsFor(points(1), { months_active: 'n/a' })).toBe(0);
    expect(unitsFor(points(1), { months_active: -4 })).toBe(0);
    expect(unitsFor(points(1), null)).toBe(0);
  });

  it('always returns a safe integer', () => {
    for (const v of [0, 0.2, 1, 1.5, 99.99, 1e20, '7.9'])
      for (const t of [points(1), points(7), points(1_000_000_000, 1_000_000_000), tiktok.tiers[0], tiktok.tiers[1]]) {
        const u = unitsFor(t, { months_active: v });
        expect(Number.isSafeInteger(u), `${JSON.stringify(t.units)} ${v}`).toBe(true);
      }
  });
});
