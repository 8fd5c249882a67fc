import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESERVED_SLUGS, settlementConfigSchema } from './config';

/**
 * A settlement's site is /<slug> and its console /admin/<slug>: a slug equal to a fixed folder of the app
 * would be shadowed by it (the settlement unreachable) or shadow it. These tests keep the list complete.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
const withSlug = (slug: string) => settlementConfigSchema.safeParse({ ...tiktok, slug });

/** Static route segments directly inside a folder of app/: not [dynamic], _private or (group) folders. */
function staticSegments(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !/^[[_(]/.test(e.name))
    .map((e) => e.name);
}

describe('reserved settlement slugs', () => {
  it.each(['users', 'settlements', 'sign-in', 'invite', 'admin', 'api'])('refuses "%s", naming the slug field', (slug) => {
    const r = withSlug(slug);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'slug');
    expect(issue?.message).toMatch(/reserved/);
  });

  it('still accepts ordinary slugs, including ones that merely start like a reserved word', () => {
    for (const slug of ['tiktok', 'users-v-acme', 'invite-2024', 'settlements-abc']) expect(withSlug(slug).success, slug).toBe(true);
  });

  it('reserves every fixed folder at the root of the site and of the console', () => {
    const fixed = [...staticSegments('app'), ...staticSegments('app/admin')];
    expect(fixed).toEqual(expect.arrayContaining(['admin', 'api', 'users', 'settlements', 'sign-in', 'invite']));
    expect(fixed.filter((s) => !RESERVED_SLUGS.has(s))).toEqual([]);
  });
});

describe('units are whole numbers', () => {
  const withTiers = (units: unknown) => settlementConfigSchema.safeParse({ ...tiktok, tiers: [{ ...tiktok.tiers[0], units }, ...tiktok.tiers.slice(1)] });

  it('the shipped TikTok plan validates: Illinois 6 shares, Nationwide 1', () => {
    const c = settlementConfigSchema.parse(tiktok);
    expect(Object.fromEntries(c.tiers.map((t) => [t.key, t.units]))).toEqual({
      illinois: { kind: 'fixed', shares: 6 },
      nationwide: { kind: 'fixed', shares: 1 },
    });
  });

  it('refuses fractional shares, saying how to scale them', () => {
    const r = withTiers({ kind: 'fixed', shares: 1.5 });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'tiers.0.units.shares');
    expect(issue?.message).toMatch(/whole number.*scaled integers/);
  });

  it.each([
    [{ kind: 'fixed', shares: 0 }, 'tiers.0.units.shares'],
    [{ kind: 'fixed', shares: -6 }, 'tiers.0.units.shares'],
    [{ kind: 'points', attribute: 'months_active', perUnit: 0.5 }, 'tiers.0.units.perUnit'],
    [{ kind: 'points', attribute: 'months_active', perUnit: 1, cap: 12.5 }, 'tiers.0.units.cap'],
  ])('refuses %j at %s', (units, field) => {
    const r = withTiers(units);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('accepts a scaled plan (×10) and whole points with a cap', () => {
    expect(withTiers({ kind: 'fixed', shares: 60 }).success).toBe(true);
    expect(withTiers({ kind: 'points', attribute: 'months_active', perUnit: 100, cap: 2500 }).success).toBe(true);
  });
});
