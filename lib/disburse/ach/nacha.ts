import anyAscii from 'any-ascii';
import { z } from 'zod';
import { abaChecksumOk } from '@/lib/claims/payment-handle';
import { AppError } from '@/lib/errors';

/**
 * Pure core: a NACHA file of PPD credits (reliability.md §2.5). Fixed-width 94-character records —
 * 1 file header, 5 batch header, 6 entries, 8 batch control, 9 file control — padded with lines of
 * 9s to a multiple of 10 (the blocking factor). Entry hash: the sum of the 8-digit RDFI routing
 * prefixes, rightmost 10 digits. Everything is validated BEFORE a byte is built: a bad routing number
 * refuses the whole file (an R28 return would cost a week). Deterministic: the same input gives the same
 * bytes (the creation time is an input, stored with the disbursement).
 */

export const RECORD = 94;
export const BLOCKING = 10;
/** Entries per batch: a file of any size is split into batches (a batch control's count has 6 digits). */
export const MAX_BATCH_ENTRIES = 10_000;

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `must be ${n} digits`);
const routing = digits(9).refine(abaChecksumOk, 'fails the ABA routing checksum');

/** The fund's bank file settings (the ODFI's spec sheet gives these). */
export const achConfigSchema = z.object({
  /** The bank that receives the file (its routing number). */
  immediateDestination: routing,
  immediateDestinationName: z.string().max(23).default(''),
  /** Usually the company's tax id with a leading 1, or the bank's routing number: 10 characters. */
  immediateOrigin: z.string().regex(/^[ 0-9]?\d{9}$/, 'must be 9 or 10 digits'),
  immediateOriginName: z.string().max(23).default(''),
  companyName: z.string().min(1).max(16),
  companyId: z.string().min(1).max(10),
  /** The originating bank's routing number (its first 8 digits start every trace number). */
  originatingDfi: routing,
  entryDescription: z.string().min(1).max(10).default('SETTLEMENT'),
  companyDiscretionaryData: z.string().max(20).default(''),
  referenceCode: z.string().max(8).default(''),
});
export type AchConfig = z.infer<typeof achConfigSchema>;

export type AchEntry = {
  routing: string;
  account: string;
  accountType: 'checking' | 'savings';
  amountCents: number;
  /** Our reference the bank echoes back (the public claim ID); 15 characters. */
  individualId: string;
  name: string;
  /** 7-digit trace sequence, unique per settlement (with the ODFI prefix it names the entry in returns). */
  traceSeq: number;
};

export type AchBatchInput = {
  config: AchConfig;
  entries: AchEntry[];
  /** The file's creation time (UTC) and the date the money should settle (YYYY-MM-DD). */
  createdAt: Date;
  effectiveDate: string;
  /** A–Z, 0–9: distinguishes files sent the same day. */
  fileIdModifier: string;
  /** The first batch's number (then +1 per batch). */
  firstBatchNumber?: number;
};

/** Checking credit 22, savings credit 32 (NACHA transaction codes). */
export const TRANSACTION_CODE = { checking: '22', savings: '32' } as const;

/**
 * ASCII for a name field: letters with accents lose them, other scripts are transliterated (王小明 →
 * WangXiaoMing), never dropped; then upper case and only the characters banks accept. A name that still
 * comes out empty is an error: an entry without a name is refused by the ODFI.
 */
export function achText(value: string): string {
  return anyAscii(value.normalize('NFC'))
    .toUpperCase()
    .replace(/[^A-Z0-9 .,&'/()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const alpha = (v: string, n: number) => achText(v).slice(0, n).padEnd(n, ' ');
const num = (v: number | bigint | string, n: number) => {
  const s = String(v);
  if (!/^\d+$/.test(s) || s.length > n) throw new AppError('internal', `NACHA field of ${n} digits cannot hold ${s}`);
  return s.padStart(n, '0');
};
/** Account numbers are alphanumeric, left-justified (leading zeros are part of the number). */
const field = (v: string, n: number) => v.slice(0, n).padEnd(n, ' ');

function yymmdd(isoDate: string): string {
  return isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

/** The problems with the input, each naming the entry (by its individual id): empty when the file can be built. */
export function checkEntries(entries: AchEntry[]): string[] {
  const problems: string[] = [];
  const traces = new Set<number>();
  for (const e of entries) {
    const who = `entry ${e.individualId}`;
    if (!abaChecksumOk(e.routing)) problems.push(`${who}: routing number ${e.routing.length === 9 ? 'fails the ABA checksum' : 'must be 9 digits'}`);
    if (!/^[0-9A-Za-z-]{1,17}$/.test(e.account)) problems.push(`${who}: account number must be 1 to 17 letters or digits`);
    if (!Number.isSafeInteger(e.amountCents) || e.amountCents <= 0 || e.amountCents > 99_999_999_99) problems.push(`${who}: amount must be 1 cent to $99,999,999.99`);
    if (!achText(e.name)) problems.push(`${who}: the name has nothing that can be written in ASCII`);
    if (!Number.isInteger(e.traceSeq) || e.traceSeq < 1 || e.traceSeq > 9_999_999) problems.push(`${who}: trace sequence must be 1 to 9999999`);
    else if (traces.has(e.traceSeq)) problems.push(`${who}: trace sequence ${e.traceSeq} used twice`);
    traces.add(e.traceSeq);
  }
  return problems;
}

/** The 15-digit trace number of an entry: the ODFI's 8-digit prefix and the sequence. */
export function traceNumber(originatingDfi: string, seq: number): string {
  return originatingDfi.slice(0, 8) + num(seq, 7);
}

/** Builds the file. Throws AppError('bad_input') listing every problem when any entry is invalid. */
export function buildAchFile(input: AchBatchInput): string {
  const config = achConfigSchema.parse(input.config);
  if (!/^[A-Z0-9]$/.test(input.fileIdModifier)) throw new AppError('bad_input', 'the ACH file id modifier must be one character A–Z or 0–9');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate)) throw new AppError('bad_input', 'the effective entry date must be YYYY-MM-DD');
  if (input.entries.length === 0) throw new AppError('bad_input', 'an ACH file needs at least one entry');
  const problems = checkEntries(input.entries);
  if (problems.length) throw new AppError('bad_input', `${problems.length} ACH entr${problems.length === 1 ? 'y is' : 'ies are'} invalid; no file was built`, { details: problems });

  const iso = input.createdAt.toISOString();
  const lines: string[] = [];
  lines.push(
    '1' +
      '01' +
      ' ' +
      config.immediateDestination +
      config.immediateOrigin.padStart(10, ' ') +
      yymmdd(iso) +
      iso.slice(11, 13) +
      iso.slice(14, 16) +
      input.fileIdModifier +
      '094' +
      '10' +
      '1' +
      alpha(config.immediateDestinationName, 23) +
      alpha(config.immediateOriginName, 23) +
      alpha(config.referenceCode, 8),
  );
  const odfi8 = config.originatingDfi.slice(0, 8);
  let fileHash = 0n;
  let fileCredits = 0;
  let fileEntries = 0;
  let batches = 0;
  const firstBatch = input.firstBatchNumber ?? 1;
  for (let start = 0; start < input.entries.length; start += MAX_BATCH_ENTRIES) {
    const entries = input.entries.slice(start, start + MAX_BATCH_ENTRIES);
    const batchNumber = firstBatch + batches;
    batches++;
    const header =
      '5' +
      '220' + // credits only
      alpha(config.companyName, 16) +
      alpha(config.companyDiscretionaryData, 20) +
      field(config.companyId, 10) +
      'PPD' +
      alpha(config.entryDescription, 10) +
      yymmdd(iso) + // company descriptive date: the file's date
      yymmdd(input.effectiveDate) +
      '   ' + // settlement date: filled in by the ACH operator
      '1' +
      odfi8 +
      num(batchNumber, 7);
    lines.push(header);
    let hash = 0n;
    let credits = 0;
    for (const e of entries) {
      hash += BigInt(e.routing.slice(0, 8));
      credits += e.amountCents;
      lines.push(
        '6' +
          TRANSACTION_CODE[e.accountType] +
          e.routing +
          field(e.account, 17) +
          num(e.amountCents, 10) +
          field(achText(e.individualId), 15) +
          alpha(e.name, 22) +
          '  ' + // discretionary data
          '0' + // no addenda
          traceNumber(config.originatingDfi, e.traceSeq),
      );
    }
    lines.push(
      '8' +
        '220' +
        num(entries.length, 6) +
        num(hash % 10_000_000_000n, 10) +
        num(0, 12) +
        num(credits, 12) +
        field(config.companyId, 10) +
        ' '.repeat(19) + // message authentication code
        ' '.repeat(6) + // reserved
        odfi8 +
        num(batchNumber, 7),
    );
    fileHash += hash;
    fileCredits += credits;
    fileEntries += entries.length;
  }
  const blocks = Math.ceil((lines.length + 1) / BLOCKING);
  lines.push('9' + num(batches, 6) + num(blocks, 6) + num(fileEntries, 8) + num(fileHash % 10_000_000_000n, 10) + num(0, 12) + num(fileCredits, 12) + ' '.repeat(39));
  while (lines.length % BLOCKING) lines.push('9'.repeat(RECORD));
  for (const [i, l] of lines.entries()) if (l.length !== RECORD) throw new AppError('internal', `NACHA record ${i + 1} is ${l.length} characters, not ${RECORD}`);
  return `${lines.join('\n')}\n`;
}
