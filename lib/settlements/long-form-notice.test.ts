import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { settlementConfigSchema } from './config';
import { renderLongFormNotice } from './long-form-notice';

const tiktok = settlementConfigSchema.parse(JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')));

/** The text drawn on the pages of an uncompressed pdfkit PDF (hex strings inside TJ arrays, one per line). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\[([^\]]*)\] TJ/g)]
    .map((m) => [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''))
    .join('\n');
}

describe('Long Form Notice PDF', () => {
  it('is a real multi-page PDF with the caption, rights, dates, plan and questions from the config', async () => {
    const pdf = await renderLongFormNotice(tiktok, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    expect(text).toContain('NOTICE OF PROPOSED CLASS ACTION SETTLEMENT');
    expect(text).toContain('A federal court authorized this notice');
    expect(text).toContain('MDL No. 2948');
    expect(text).toContain('EXCLUDE YOURSELF');
    expect(text).toContain('January 31, 2022');
    expect(text).toContain('six times the payment');
    expect(text).toContain('How do I exclude myself from the settlement?');
    expect(text).toContain('Page 1 of');
  });

  it('follows the configuration (another settlement, another multiplier)', async () => {
    const other = {
      ...tiktok,
      slug: 'acme',
      caseName: 'Doe v. Acme Corp.',
      tiers: tiktok.tiers.map((t) => (t.key === 'illinois' ? { ...t, units: { kind: 'fixed' as const, shares: 3 } } : t)),
    };
    const text = pdfText(await renderLongFormNotice(other, { compress: false }));
    expect(text).toContain('Doe v. Acme Corp.');
    expect(text).toContain('three times the payment');
    expect(text).not.toContain('six times the payment');
  });
});
