import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inviteSchema } from '@/lib/auth/schemas';
import { settlementConfigSchema } from '@/lib/settlements/config';

/** The console's own inputs follow the claimant channels' text rules (lib/text/rules.ts). */
const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));
const invite = (name: string) => inviteSchema.safeParse({ email: 'new.person@example.org', name, role: 'reviewer', allSettlements: true });
const config = (field: string, value: string) => settlementConfigSchema.safeParse({ ...tiktok, [field]: value });
const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe('console inputs use the shared text rules', () => {
  it.each([
    ['=HYPERLINK("http://x")', /must not start with =, \+, - or @/],
    ['Ann\u200BMarie', /invisible characters/],
    ['J\u0430ne Doe', /mixes letters from different alphabets/],
    ['Ann \u202EeiraM', /text-direction/],
    ['<b>Ann</b>', /must not contain < or >/],
  ])('a staff name %j is refused with the field named', (name, why) => {
    const r = invite(name);
    expect(r.success).toBe(false);
    expect(message(r)).toMatch(why);
  });

  it('normalises an accepted staff name as every channel does (NFC, trimmed, single spaces)', () => {
    const r = invite('  Jose\u0301   Núñez ');
    expect(r.success && r.data.name).toBe('José Núñez');
  });

  it.each(['name', 'shortName', 'court', 'caseName', 'defendant'])('the settlement %s refuses a formula and zero-width characters', (field) => {
    expect(config(field, '=cmd|calc')).toMatchObject({ success: false });
    expect(config(field, 'TikTok\u200B Settlement')).toMatchObject({ success: false });
  });

  it('the shipped TikTok configuration still validates', () => {
    expect(settlementConfigSchema.safeParse(tiktok).success).toBe(true);
  });
});
