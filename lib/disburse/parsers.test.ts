import { describe, expect, it } from 'vitest';
import { parseDollars } from './csv-results';
import { readPaypalResults } from './paypal/results';
import { readCardReport } from './prepaid/report';

describe('results files (pure parsing)', () => {
  it('PayPal: aliases for the columns, a missing column and a bad amount named by file:line:column', async () => {
    const ok = await readPaypalResults(Buffer.from('\uFEFFSender_Item_ID,Transaction Status,Payout_Item_ID,Amount\r\nk1,Unclaimed,T9,"1,234.50"\r\n'), 'r.csv');
    expect(ok).toEqual({ ok: true, rows: [{ line: 2, column: 1, reference: 'k1', to: 'unclaimed', code: 'UNCLAIMED', amountCents: 123450, amountColumn: 4, railRef: 'T9' }] });
    expect(await readPaypalResults(Buffer.from('reference id,amount\nk1,1.00\n'), 'r.csv')).toEqual({ ok: false, errors: ['r.csv:1: missing required column "status" (or "transaction_status", "transaction status")'] });
    expect(await readPaypalResults(Buffer.from('reference id,status,amount\nk1,SUCCESS,12.345\n'), 'r.csv')).toEqual({ ok: false, errors: ['r.csv:2:3 (amount): "12.345" is not an amount'] });
    expect(await readPaypalResults(Buffer.from('reference id,status\n'), 'r.csv')).toEqual({ ok: false, errors: ['r.csv:1: the file has no rows'] });
  });
  it('card report: statuses with spaces or dashes, spent defaults to 0', async () => {
    const r = await readCardReport(Buffer.from('reference,status,amount,amount_redeemed\nk1,partially redeemed,10.00,2.5\nk2,issued,5,\n'), 'c.csv');
    expect(r.ok && r.rows.map((x) => [x.to, x.code, x.unspentCents])).toEqual([
      ['paid', 'PARTIALLY_REDEEMED', 750],
      ['paid', 'ISSUED', 500],
    ]);
  });
  it('amounts are exact cents', () => {
    expect(parseDollars('0.1')).toBe(10);
    expect(parseDollars('$1,000,000.01')).toBe(100000001);
    expect(parseDollars('-1.00')).toBeNull();
    expect(parseDollars('1e3')).toBeNull();
  });
});

describe('wallet and card files (pure building)', () => {
  it('PayPal rows: recipient types per Venmo handle, handles written exactly, a formula-looking note neutralised', async () => {
    const { buildPaypalFiles, recipientOf } = await import('./paypal/file');
    expect(recipientOf({ method: 'venmo', phone: '+13125550147' })).toEqual({ wallet: 'VENMO', type: 'PHONE', receiver: '3125550147' });
    expect(recipientOf({ method: 'venmo', username: 'ann_smith' })).toEqual({ wallet: 'VENMO', type: 'USER_HANDLE', receiver: 'ann_smith' });
    const [file] = buildPaypalFiles([{ reference: 'k1', amountCents: 100005, payment: { method: 'paypal', email: 'a@example.com' } }], { currency: 'USD', note: 'Settlement, round 1', maxRows: 5000 });
    expect(file).toBe('a@example.com,1000.05,USD,k1,"Settlement, round 1",PAYPAL,EMAIL\r\n');
    expect(() => buildPaypalFiles([], { currency: 'USD', note: ' ', maxRows: 5000 })).toThrow(/note/);
    const [venmo] = buildPaypalFiles([{ reference: 'k2', amountCents: 5, payment: { method: 'venmo', username: '-ann_smith' } }], { currency: 'USD', note: '=HYPERLINK(1)', maxRows: 5000 });
    expect(venmo).toBe("-ann_smith,0.05,USD,k2,'=HYPERLINK(1),VENMO,USER_HANDLE\r\n");
  });
  it('card order: a header row, one row per card', async () => {
    const { buildPrepaidOrder } = await import('./prepaid/file');
    expect(buildPrepaidOrder([{ reference: 'k1', firstName: 'Zoë', lastName: 'O’Neil', email: 'z@example.com', amountCents: 1999 }], 'PROG')).toBe(
      'reference,program,first_name,last_name,email,amount\r\nk1,PROG,Zoë,O’Neil,z@example.com,19.99\r\n',
    );
  });
});
