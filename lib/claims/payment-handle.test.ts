import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { importClaims } from './import';
import { parsePaymentHandle, parseVenmoHandle } from './payment-handle';
import { parseClaim, type ClaimFormConfig } from './schema';
import { CLAIM_PAYMENT, paymentIdentity, venmoRecipient, type PaymentDetails } from './seal';

/**
 * Venmo pays a U.S. mobile number, an e-mail address or a Venmo username (PayPal Payouts
 * recipient_type PHONE / EMAIL / USER_HANDLE, INTERFACES.md §2.2). The claim form and the import read a
 * handle the same way (one parser), and a bulk filer's file that uses all three imports whole.
 */

describe('Venmo handles', () => {
  it.each([
    ['(312) 555-0100', { method: 'venmo', phone: '+13125550100' }, 'PHONE'],
    ['+1 312 555 0100', { method: 'venmo', phone: '+13125550100' }, 'PHONE'],
    ['ava.nguyen@example.com', { method: 'venmo', email: 'ava.nguyen@example.com' }, 'EMAIL'],
    ['@Ava-Nguyen', { method: 'venmo', username: 'Ava-Nguyen' }, 'USER_HANDLE'],
    ['Ava_Nguyen92', { method: 'venmo', username: 'Ava_Nguyen92' }, 'USER_HANDLE'],
    ['@3125550100', { method: 'venmo', username: '3125550100' }, 'USER_HANDLE'],
  ])('%s → %j (%s)', (handle, payment, recipientType) => {
    const r = parseVenmoHandle(handle);
    expect(r).toEqual({ ok: true, payment });
    expect(parsePaymentHandle('venmo', handle, 'x@example.com')).toEqual(r);
    expect(venmoRecipient(payment as Extract<PaymentDetails, { method: 'venmo' }>).recipientType).toBe(recipientType);
  });

  it.each(['123', '@abc', 'ava@', 'not a handle', '+44 20 7946 0958', '@has space', '=HYPERLINK("x")', ''])('refuses %j', (handle) => {
    expect(parsePaymentHandle('venmo', handle, 'x@example.com').ok).toBe(false);
  });

  it('the claim form seals the same payment the import does', () => {
    const cfg: ClaimFormConfig = { platform: 'TikTok', identifierLabel: 'username', attestations: [], paymentMethods: ['venmo'] };
    const form = {
      usResident: 'yes', usedApp: 'yes', filingFor: 'self', firstName: 'Ava', lastName: 'Nguyen', state: 'IL', zip: '60601', email: 'ava@example.com',
      usernames: ['ava'], attestations: [], paymentMethod: 'venmo', signature: 'Ava Nguyen', declaration: true,
    };
    for (const handle of ['(312) 555-0100', 'ava.nguyen@example.com', '@Ava-Nguyen']) {
      const r = parseClaim(cfg, { ...form, venmoHandle: handle });
      expect(r.ok && r.claim.payment).toEqual((parseVenmoHandle(handle) as { payment: PaymentDetails }).payment);
    }
  });

  it('the same Venmo account on two claims has one payment identity, whichever case it was typed in', () => {
    expect(paymentIdentity({ method: 'venmo', email: 'Ava@Example.com' })).toBe(paymentIdentity({ method: 'venmo', email: 'ava@example.com' }));
    expect(paymentIdentity({ method: 'venmo', username: 'Ava-Nguyen' })).toBe(paymentIdentity({ method: 'venmo', username: 'ava-nguyen' }));
  });
});

describe('a bulk filer’s file with all three Venmo forms', () => {
  let h: Handle;
  let demo: Settlement;
  beforeAll(async () => {
    h = await openTestDb();
    demo = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  });
  afterAll(async () => h?.close());

  it('imports whole, each handle sealed as the payout will address it', async () => {
    const csv = [
      'claim_ref,first_name,last_name,email,payment_method,payment_handle',
      'BULK-1,Ava,Nguyen,ava@example.com,venmo,(312) 555-0100',
      'BULK-2,Liam,Garcia,liam@example.com,venmo,liam.garcia@example.com',
      'BULK-3,Maya,Patel,maya@example.com,venmo,@Maya-Patel',
    ].join('\n');
    const result = await importClaims(h.db, demo, Buffer.from(csv), 'test', { fileName: 'bulk.csv' });
    expect(result).toMatchObject({ imported: 3, byMethod: { venmo: 3 } });
    const key = await settlementKey(h.db, demo.id);
    const rows = rowsOf<{ claim_ref: string; payment: string }>(
      await h.db.execute(sql`select claim_ref, payment from claims where settlement_id = ${demo.id} order by claim_ref`),
    );
    const recipients = rows.map((r) => venmoRecipient(decryptJson(key, r.payment, CLAIM_PAYMENT) as Extract<PaymentDetails, { method: 'venmo' }>));
    expect(recipients).toEqual([
      { recipientType: 'PHONE', receiver: '+13125550100' },
      { recipientType: 'EMAIL', receiver: 'liam.garcia@example.com' },
      { recipientType: 'USER_HANDLE', receiver: 'Maya-Patel' },
    ]);
  });
});
