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
