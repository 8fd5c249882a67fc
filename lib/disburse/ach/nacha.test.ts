import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, validate } from 'achkit';
import { achText, buildAchFile, checkEntries, type AchConfig, type AchEntry } from './nacha';
import { readAchFile } from './read';

const config: AchConfig = {
  immediateDestination: '021000021',
  immediateDestinationName: 'JPMORGAN CHASE',
  immediateOrigin: '1123456789',
  immediateOriginName: 'FAIRSHARE SETTLEMENT',
  companyName: 'TIKTOK SETTLEMNT',
  companyId: '1123456789',
  originatingDfi: '021000021',
  entryDescription: 'SETTLEMENT',
  companyDiscretionaryData: '',
  referenceCode: '',
};
const ROUTINGS = ['021000021', '011000015', '121000358', '026009593', '071000013'];
const entry = (i: number, over: Partial<AchEntry> = {}): AchEntry => ({
  routing: ROUTINGS[i % ROUTINGS.length],
  account: `00012345${String(i).padStart(4, '0')}`,
  accountType: i % 3 === 0 ? 'savings' : 'checking',
  amountCents: 1000 + i,
  individualId: `CLM-${String(i).padStart(6, '0')}`,
  name: `Claimant ${i}`,
  traceSeq: i + 1,
  ...over,
});
const build = (entries: AchEntry[]) => buildAchFile({ config, entries, createdAt: new Date('2026-12-08T14:30:00Z'), effectiveDate: '2026-12-10', fileIdModifier: 'A' });

describe('NACHA writer', () => {
  it('writes 94-character records blocked to 10 lines, and an independent parser (achkit) agrees on every total', () => {
    const entries = Array.from({ length: 23 }, (_, i) => entry(i));
    const text = build(entries);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.every((l) => l.length === 94)).toBe(true);
    expect(lines.length % 10).toBe(0);
    expect(lines.at(-1)).toBe('9'.repeat(94));
    const v = validate(text);
    expect(v.errors).toEqual([]);
    const parsed = parse(text);
    expect(parsed.batches).toHaveLength(1);
    expect(parsed.batches[0].sec).toBe('PPD');
    expect(parsed.batches[0].serviceClass).toBe(220);
    expect(parsed.batches[0].entries.map((e) => e.amountCents)).toEqual(entries.map((e) => e.amountCents));
    expect(parsed.batches[0].entries.map((e) => e.txnCode)).toEqual(entries.map((e) => (e.accountType === 'savings' ? 32 : 22)));
    expect(parsed.control!.totalCredit).toBe(entries.reduce((s, e) => s + e.amountCents, 0));
    expect(parsed.control!.totalDebit).toBe(0);
    expect(parsed.control!.blockCount).toBe(lines.length / 10);
    const hash = entries.reduce((s, e) => s + BigInt(e.routing.slice(0, 8)), 0n) % 10_000_000_000n;
    expect(BigInt(parsed.control!.entryHash)).toBe(hash);
    // Our own reader reads the same file back.
    const mine = readAchFile(text, 'out.ach');
    expect(mine.ok).toBe(true);
    if (mine.ok) expect(mine.file.batches[0].entries.map((e) => e.traceNumber)).toEqual(parsed.batches[0].entries.map((e) => e.traceNumber));
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const entries = Array.from({ length: 5 }, (_, i) => entry(i));
    expect(build(entries)).toBe(build(entries));
  });

  it('transliterates names to ASCII, never dropping them', () => {
    expect(achText('José Núñez')).toBe('JOSE NUNEZ');
    expect(achText('Zoë Łukasz-Müller')).toBe('ZOE LUKASZ-MULLER');
    expect(achText('王小明')).toBe('WANGXIAOMING');
    expect(achText('Ørsted Straße')).toBe('ORSTED STRASSE');
    const text = build([entry(0, { name: 'José Núñez' }), entry(1, { name: '王小明' })]);
    expect(text).toContain('JOSE NUNEZ');
    expect(text).toContain('WANGXIAOMING');
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
  });

  it('refuses a bad routing number, a zero amount or a repeated trace before building anything', () => {
    expect(checkEntries([entry(0, { routing: '021000022' })])[0]).toMatch(/ABA checksum/);
    expect(checkEntries([entry(0, { routing: '21000021' })])[0]).toMatch(/9 digits/);
    expect(checkEntries([entry(0, { amountCents: 0 })])[0]).toMatch(/amount/);
    expect(checkEntries([entry(0), entry(1, { traceSeq: 1 })])[0]).toMatch(/used twice/);
    expect(() => build([entry(0, { routing: '021000022' })])).toThrow(/invalid; no file was built/);
  });

  it('property: any payees give a valid file whose totals achkit confirms (200 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ r: fc.integer({ min: 0, max: 4 }), amount: fc.integer({ min: 1, max: 99_999_999 }), name: fc.string({ minLength: 1, maxLength: 30 }), sav: fc.boolean() }), { minLength: 1, maxLength: 60 }),
        (rows) => {
          const entries = rows.map((x, i) => entry(i, { routing: ROUTINGS[x.r], amountCents: x.amount, name: `${x.name} X`, accountType: x.sav ? 'savings' : 'checking' }));
          const text = build(entries);
          const lines = text.slice(0, -1).split('\n');
          expect(lines.every((l) => l.length === 94)).toBe(true);
          expect(lines.length % 10).toBe(0);
          expect(validate(text).errors).toEqual([]);
          const parsed = parse(text);
          expect(parsed.control!.totalCredit).toBe(entries.reduce((s, e) => s + e.amountCents, 0));
          const traces = parsed.batches.flatMap((b) => b.entries.map((e) => e.traceNumber));
          expect([...traces].sort()).toEqual(traces);
          expect(new Set(traces).size).toBe(traces.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('splits more than 10,000 entries into batches, still one valid file', () => {
    const entries = Array.from({ length: 10_005 }, (_, i) => entry(i));
    const text = build(entries);
    expect(validate(text).errors).toEqual([]);
    expect(parse(text).batches.map((b) => b.entries.length)).toEqual([10_000, 5]);
  });
});

describe('NACHA reader', () => {
  it('names file:line:column for a short record, a bad reason code and an unknown record type', () => {
    const good = build([entry(0)]).slice(0, -1).split('\n');
    const bad = [...good];
    bad.splice(3, 0, `799X01${'0'.repeat(15)}`.padEnd(94, ' '));
    bad[4] = bad[4].slice(0, 90);
    bad.push(`4${' '.repeat(93)}`);
    const r = readAchFile(bad.join('\n'), 'returns.ach');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('returns.ach:4:4: a return reason code is R and two digits, found "X01"');
      expect(r.errors).toContain('returns.ach:12:1: only padding lines of 9s may follow the file control record');
      expect(r.errors.some((e) => e.startsWith('returns.ach:5:91: record is 90 characters'))).toBe(true);
    }
  });
});

describe('notifications of change: the corrected data', () => {
  it('reads C01, C02, C03, C05, C06 and C07 and refuses what does not parse', async () => {
    const { parseCorrection } = await import('./returns');
    expect(parseCorrection('C01', '12345678'.padEnd(29))).toEqual({ accountNumber: '12345678' });
    expect(parseCorrection('C02', '011000015'.padEnd(29))).toEqual({ routingNumber: '011000015' });
    expect(parseCorrection('C02', '011000016'.padEnd(29))).toMatch(/checksum/);
    expect(parseCorrection('C03', `011000015   ${'987654'.padEnd(17)}`)).toEqual({ routingNumber: '011000015', accountNumber: '987654' });
    expect(parseCorrection('C05', '32'.padEnd(29))).toEqual({ accountType: 'savings' });
    expect(parseCorrection('C06', `${'555'.padEnd(17)}   22`.padEnd(29))).toEqual({ accountNumber: '555', accountType: 'checking' });
    expect(parseCorrection('C07', `021000021${'777'.padEnd(17)}32 `)).toEqual({ routingNumber: '021000021', accountNumber: '777', accountType: 'savings' });
    expect(parseCorrection('C09', ''.padEnd(29))).toMatch(/not one fairshare applies/);
  });
});
