import anyAscii from 'any-ascii';
import { z } from 'zod';
import { csvLine } from '@/lib/csv/encode';

/**
 * Pure core: the positive-pay file a bank matches presented checks against (reliability.md §2.7). There
 * is no standard, so the layout is configuration: an ordered list of columns, a header row or not, a
 * date format. Two presets:
 * - `common`: a header row and account, check_number, amount, issue_date, payee (CSV, ISO dates, dollars
 *   with two decimals) — what most banks' "custom CSV" import takes;
 * - `chase`: no header; action (I issue / C cancel), account, check_number, MMDDYY date, amount, payee of
 *   at most 40 characters (Chase Business Online's published CSV).
 * Built from the check register only (never by hand), so every issued check appears once and voids
 * carry the void action; the amounts total the register's.
 */

export const POSITIVE_PAY_COLUMNS = ['action', 'account', 'check_number', 'amount', 'amount_cents', 'issue_date', 'payee'] as const;
export type PositivePayColumn = (typeof POSITIVE_PAY_COLUMNS)[number];

export const positivePaySchema = z.union([
  z.object({ preset: z.enum(['common', 'chase']) }),
  z.object({
    columns: z.array(z.enum(POSITIVE_PAY_COLUMNS)).min(1),
    header: z.boolean().default(true),
    dateFormat: z.enum(['YYYY-MM-DD', 'MMDDYY', 'MM/DD/YYYY']).default('YYYY-MM-DD'),
    issueCode: z.string().max(2).default('I'),
    voidCode: z.string().max(2).default('V'),
    payeeMax: z.number().int().min(1).max(200).default(80),
  }),
]);
export type PositivePayLayout = z.infer<typeof positivePaySchema>;

type Resolved = { columns: PositivePayColumn[]; header: boolean; dateFormat: 'YYYY-MM-DD' | 'MMDDYY' | 'MM/DD/YYYY'; issueCode: string; voidCode: string; payeeMax: number };

export function resolveLayout(l: PositivePayLayout): Resolved {
  if ('preset' in l) {
    if (l.preset === 'chase') return { columns: ['action', 'account', 'check_number', 'issue_date', 'amount', 'payee'], header: false, dateFormat: 'MMDDYY', issueCode: 'I', voidCode: 'C', payeeMax: 40 };
    return { columns: ['account', 'check_number', 'amount', 'issue_date', 'payee'], header: true, dateFormat: 'YYYY-MM-DD', issueCode: 'I', voidCode: 'V', payeeMax: 80 };
  }
  return l as Resolved;
}

export type PositivePayRow = { action: 'issue' | 'void'; account: string; checkNumber: number; amountCents: number; issueDate: string; payee: string };

function date(iso: string, f: Resolved['dateFormat']): string {
  const [y, m, d] = iso.split('-');
  if (f === 'MMDDYY') return `${m}${d}${y.slice(2)}`;
  if (f === 'MM/DD/YYYY') return `${m}/${d}/${y}`;
  return iso;
}

function dollars(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** The file's text (CRLF line ends, as bank portals expect). */
export function buildPositivePay(rows: PositivePayRow[], layout: PositivePayLayout): string {
  const l = resolveLayout(layout);
  const out: string[] = [];
  if (l.header) out.push(csvLine(l.columns).replace(/\r\n$/, ''));
  for (const r of rows) {
    out.push(
      csvLine(
        l.columns.map((c) => {
          switch (c) {
            case 'action':
              return r.action === 'issue' ? l.issueCode : l.voidCode;
            case 'account':
              return r.account;
            case 'check_number':
              return String(r.checkNumber);
            case 'amount':
              return dollars(r.amountCents);
            case 'amount_cents':
              return String(r.amountCents);
            case 'issue_date':
              return date(r.issueDate, l.dateFormat);
            case 'payee':
              // Bank matching is on ASCII; a payee starting with = + - @ is not a formula here (plain text file), but keep it plain.
              return anyAscii(r.payee).replace(/[\r\n]+/g, ' ').slice(0, l.payeeMax);
          }
        }),
      ).replace(/\r\n$/, ''),
    );
  }
  return `${out.join('\r\n')}\r\n`;
}
