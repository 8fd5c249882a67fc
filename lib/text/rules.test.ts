import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { claimRowSchema } from '@/lib/claims/import-row';
import { identitySchema } from '@/lib/claims/schema';
import { objectionSchema, optOutSchema } from '@/lib/filings/schemas';
import { normaliseName } from '@/lib/privacy/normalise';
import { settlementConfigSchema } from '@/lib/settlements/config';
import { checkText, parseUsState, textProblem, type TextKind, type TextProblem } from './rules';

/**
 * The same value through every channel's schema — claim form, claims import, exclusion form,
 * objection form — gets the same verdict and, when accepted, the same stored value (so the same
 * keyed hashes). Each case also names the rule that decides it, so a change to one rule shows here.
 */

const config = settlementConfigSchema.parse(JSON.parse(fs.readFileSync(path.join(process.cwd(), 'docs/settlements/tiktok.json'), 'utf8')));
const rowSchema = claimRowSchema(config, new Date());

type Field = 'name' | 'street' | 'city' | 'state';

const formBase = { filingFor: 'self', firstName: 'Maya', lastName: 'Nguyen', street: '12 Lake St', city: 'Chicago', state: 'IL', zip: '60601', email: 'maya@example.com' };
const importBase = { claim_ref: 'R-1', first_name: 'Maya', last_name: 'Nguyen', email: 'maya@example.com', payment_method: 'paypal', payment_handle: 'maya@example.com', street: '12 Lake St', city: 'Chicago', state: 'IL', zip: '60601' };
const filingBase = { ...formBase, phone: '', noticeId: '', statement: 'yes', signature: 'Maya Nguyen', idempotencyKey: '3f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f' };
const objectionBase = { ...filingBase, statement: undefined, grounds: 'The fees are too high for what members receive.', hasCounsel: 'no', willAppear: 'yes' };

const formKey: Record<Field, string> = { name: 'firstName', street: 'street', city: 'city', state: 'state' };
const importKey: Record<Field, string> = { name: 'first_name', street: 'street', city: 'city', state: 'state' };

type Verdict = { ok: true; value: string } | { ok: false };

function through(schema: z.ZodType, input: Record<string, unknown>, key: string, read: (data: Record<string, unknown>) => unknown): Verdict {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: String(read(r.data as Record<string, unknown>)) };
  const mine = r.error.issues.some((i) => String(i.path[0]) === key);
  // Another field failing (a signature that no longer matches the name) is not this field's verdict.
  if (!mine) return { ok: true, value: '(accepted; another field failed)' };
  return { ok: false };
}

function channels(field: Field, value: string): Record<string, Verdict> {
  const fk = formKey[field];
  const ik = importKey[field];
  // Filings compare the signature with the name: sign with whatever the name is, so only this field decides.
  const sign = field === 'name' ? { signature: `${value} Nguyen` } : {};
  const claimForm = through(identitySchema(), { ...formBase, [fk]: value }, fk, (d) => d[fk]);
  const claimsImport = through(rowSchema, { ...importBase, [ik]: value }, ik, (d) => {
    const pii = (d as { pii: Record<string, unknown> }).pii;
    return pii[field === 'name' ? 'firstName' : field];
  });
  const exclusion = through(optOutSchema, { ...filingBase, [fk]: value, ...sign }, fk, (d) => d[fk]);
  const objection = through(objectionSchema, { ...objectionBase, [fk]: value, ...sign }, fk, (d) => d[fk]);
  return { claimForm, claimsImport, exclusion, objection };
}

/** [field, input, expected stored value or the problem that refuses it] */
const CASES: [Field, string, string | TextProblem | 'not_a_state'][] = [
  ['name', 'Ava', 'Ava'],
  ['name', '  Ava  ', 'Ava'],
  ['name', 'Ava  Marie', 'Ava Marie'],
  ['name', 'Jose\u0301', 'José'], // e + combining accent becomes the one-key é (NFC)
  ['name', 'Ann-Marie', 'Ann-Marie'],
  ['name', "O'Brien", "O'Brien"],
  ['name', 'محمد', 'محمد'],
  ['name', 'Иван', 'Иван'],
  ['name', 'Ava\u200B', 'invisible'], // zero-width space: refused online and (now) by import
  ['name', 'Ava\u2060', 'invisible'],
  ['name', 'A\u00ADva', 'invisible'],
  ['name', 'A\u202Eva', 'bidi'],
  ['name', 'Ava\u200F', 'bidi'],
  ['name', 'Ava\tMarie', 'control'],
  ['name', 'Ava\u0000', 'control'],
  ['name', '<b>Ava</b>', 'markup'],
  ['name', '=HYPERLINK("http://evil.example","x")', 'formula'],
  ['name', '+cmd|x', 'formula'],
  ['name', '@Ava', 'formula'],
  ['name', '-Ava', 'formula'],
  ['name', 'Ava 😀', 'emoji'],
  ['name', 'J\u0430ne', 'mixed_scripts'], // Cyrillic а inside a Latin word
  ['name', '1234', 'no_letter'],
  ['name', 'A'.repeat(101), 'too_long'],
  ['street', '12 Lake St', '12 Lake St'],
  ['street', ' 12  Lake St ', '12 Lake St'],
  ['street', '=HYPERLINK("http://evil.example")', 'formula'], // accepted by the claim form before, refused by the exclusion form
  ['street', '-1 Lake St', 'formula'],
  ['street', '12 Lake St 🏠', 'emoji'],
  ['street', '12 La\u200Bke St', 'invisible'],
  ['street', '12 Lake St\u202E', 'bidi'],
  ['street', '12 <Lake> St', 'markup'],
  ['street', '12 L\u0430ke St', 'mixed_scripts'],
  ['street', 'S'.repeat(201), 'too_long'],
  ['city', 'Chicago', 'Chicago'],
  ['city', 'Zu\u0308rich', 'Zürich'],
  ['city', '=cmd|x', 'formula'],
  ['city', 'Chicago\u200B', 'invisible'],
  ['city', '60601', 'no_letter'],
  ['city', 'Chicago 🌆', 'emoji'],
  ['state', 'IL', 'IL'],
  ['state', 'il', 'IL'],
  ['state', 'Illinois', 'IL'],
  ['state', ' new  york ', 'NY'],
  ['state', 'PR', 'PR'],
  ['state', 'ZZ', 'not_a_state'], // an import accepted ZZ before
  ['state', 'Narnia', 'not_a_state'],
];

describe('one set of text rules for every channel', () => {
  it.each(CASES)('%s %j → %s in every channel', (field, input, expected) => {
    const accepted = !['not_a_state', 'empty', 'too_long', 'control', 'bidi', 'invisible', 'markup', 'formula', 'emoji', 'mixed_scripts', 'no_letter'].includes(expected);
    const verdicts = channels(field, input);
    for (const [channel, v] of Object.entries(verdicts)) {
      expect(v.ok, `${channel}: ${JSON.stringify(v)}`).toBe(accepted);
      if (accepted && v.ok) expect(v.value, channel).toBe(expected);
    }
    // The rule named is the one that decides (the channel schemas only phrase it).
    if (field === 'state') expect(parseUsState(input)).toBe(accepted ? expected : null);
    else if (accepted) expect(checkText(field as TextKind, input)).toEqual({ ok: true, value: expected });
    else expect(textProblem(field as TextKind, checkText(field as TextKind, input).ok ? '' : input.normalize('NFC').trim().replace(/ {2,}/g, ' '))).toBe(expected);
  });

  it('one person typed two ways online and on paper gets the same stored name, hence the same keyed hash', () => {
    const online = channels('name', 'Jose\u0301  ').claimForm;
    const imported = channels('name', '  José').claimsImport;
    expect(online).toEqual(imported);
    expect(online.ok && imported.ok && normaliseName(online.value) === normaliseName(imported.value)).toBe(true);
  });
});
