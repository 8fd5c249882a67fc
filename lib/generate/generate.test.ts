import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { claim, formatPhone, gmailVariant, member, mulberry32, rngFor, streetLine, typo } from './model';
import { generateDataset } from './write';

const digest = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fs-generate-'));

describe('generate: pure parts', () => {
  it('mulberry32 is the published generator (first outputs for seed 1, pinned so a seed gives the same files in every version)', () => {
    const r = mulberry32(1);
    expect([r(), r(), r()].map((x) => x.toFixed(10))).toEqual(['0.6270739406', '0.0027357212', '0.5274470400']);
  });

  it('a member is a pure function of (seed, index)', () => {
    fc.assert(fc.property(fc.string(), fc.nat(1_000_000), (seed, i) => {
      expect(member(seed, i)).toEqual(member(seed, i));
    }));
  });

  it('honest variations are the real-world formats the normalisers must fold', () => {
    expect(formatPhone('+13125550100', 0)).toBe('+1 (312) 555-0100');
    expect(formatPhone('+13125550100', 1)).toBe('312.555.0100');
    const a = { number: 123, dir: 0, street: 'Main', suffix: 0, unit: '4B', city: 'Chicago', state: 'IL', zip: '60601', area: '312' };
    expect(streetLine(a, 'dotted', 'apt')).toBe('123 N. Main St. Apt 4B');
    expect(streetLine(a, 'long', 'hash')).toBe('123 North Main Street #4b');
    const v = gmailVariant('john.doe@gmail.com', rngFor('t'));
    const [local, domain] = v.split('@') as [string, string];
    expect(domain).toBe('gmail.com');
    expect(local.replace(/\+.*$/, '').replaceAll('.', '')).toBe('johndoe');
    expect(typo('Jennifer', rngFor('x'))).not.toBe('Jennifer');
  });

  it('fraud rate 0 gives no fraud, 1 gives only fraud; honest claims each match a distinct member', () => {
    const o = { seed: 's', classMembers: 500, claims: 300, fraudRate: 0 };
    const honest = Array.from({ length: 300 }, (_, j) => claim(o, j).label);
    expect(honest.every((l) => l.is_fraud === 'false')).toBe(true);
    expect(new Set(honest.map((l) => l.matched_record_id)).size).toBe(300);
    const all = Array.from({ length: 300 }, (_, j) => claim({ ...o, fraudRate: 1 }, j).label);
    expect(all.every((l) => l.is_fraud === 'true' && l.fraud_kind)).toBe(true);
  });
});

describe('generate: files', () => {
  it('same seed → byte-identical files; another seed → different', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    const p = { classMembers: 3_000, claims: 1_500, fraudRate: 0.2 };
    await generateDataset({ ...p, seed: 'alpha', out: a });
    await generateDataset({ ...p, seed: 'alpha', out: b });
    await generateDataset({ ...p, seed: 'beta', out: c });
    for (const f of ['class_list.csv', 'claims.csv', 'labels.csv']) {
      expect(digest(path.join(a, f))).toBe(digest(path.join(b, f)));
      expect(digest(path.join(a, f))).not.toBe(digest(path.join(c, f)));
    }
  });

  it('writes the INTERFACES.md §2.1/§2.2 columns, every fraud kind, households and shared Wi-Fi', async () => {
    const out = tmp();
    const progress: number[] = [];
    const r = await generateDataset({ classMembers: 20_000, claims: 10_000, fraudRate: 0.1, seed: 'cols', out }, { progress: (d) => void progress.push(d) });
    const members = parse(fs.readFileSync(path.join(out, 'class_list.csv')), { columns: true }) as Record<string, string>[];
    const claims = parse(fs.readFileSync(path.join(out, 'claims.csv')), { columns: true }) as Record<string, string>[];
    const labels = parse(fs.readFileSync(path.join(out, 'labels.csv')), { columns: true }) as Record<string, string>[];
    expect(members).toHaveLength(20_000);
    expect(claims).toHaveLength(10_000);
    expect(labels.map((l) => l.claim_ref)).toEqual(claims.map((c) => c.claim_ref));
    expect(Object.keys(members[0]!)).toEqual(expect.arrayContaining(['record_id', 'email', 'phone', 'created_video_in_illinois', 'months_active', 'first_use_date']));
    expect(members.every((m) => ['true', 'false'].includes(m.created_video_in_illinois!) && /^\d+$/.test(m.months_active!) && /^\d{4}-\d\d-\d\d$/.test(m.first_use_date!))).toBe(true);
    expect(new Set(members.map((m) => m.record_id)).size).toBe(20_000);
    const kinds = new Set(labels.map((l) => l.fraud_kind).filter(Boolean));
    expect([...kinds].sort()).toEqual(['bot_burst', 'disposable_email', 'duplicate_member', 'gmail_variants', 'not_in_class', 'payout_ring', 'unit_variants']);
    const fraud = labels.filter((l) => l.is_fraud === 'true').length;
    expect(fraud).toBe(r.fraud);
    expect(fraud / 10_000).toBeGreaterThan(0.08);
    expect(fraud / 10_000).toBeLessThan(0.12);
    // Rings share a payout handle; bot bursts come from 203.0.113.0/24 with fast forms.
    const ring = claims.filter((_, i) => labels[i]!.fraud_kind === 'payout_ring');
    expect(new Set(ring.map((c) => c.payment_handle)).size).toBeLessThan(ring.length);
    const bots = claims.filter((_, i) => labels[i]!.fraud_kind === 'bot_burst');
    expect(bots.every((c) => c.ip!.startsWith('203.0.113.') && Number(c.form_seconds) < 5)).toBe(true);
    // Honest households share an IP and a PayPal address with another honest claim.
    expect(labels.some((l) => l.honest_variation!.includes('household'))).toBe(true);
    const honestIps = claims.filter((_, i) => labels[i]!.is_fraud === 'false').map((c) => c.ip);
    expect(new Set(honestIps).size).toBeLessThan(honestIps.length);
    expect(progress.at(-1)).toBe(30_000);
  });
});
