import { RECORD } from './nacha';

/**
 * Pure core: our own NACHA reader, for the files the bank sends back (returns and notifications of
 * change) and to read our own files back in tests. Strict: every record 94 characters, known record
 * types in a legal order, numeric fields numeric. Every problem is reported as `file:line:column:
 * message` and the caller applies nothing when there is any (all or nothing).
 */

export type AchAddenda = {
  line: number;
  /** 99 return, 98 notification of change (COR), 05 payment-related. */
  typeCode: string;
  /** R01… or C01…; empty for 05. */
  reasonCode: string;
  originalTrace: string;
  /** NOC: the corrected data (positions 36–64); return: the addenda information. */
  info: string;
  correctedData: string;
};

export type AchReadEntry = {
  line: number;
  transactionCode: string;
  routing: string;
  account: string;
  amountCents: number;
  individualId: string;
  name: string;
  traceNumber: string;
  addenda: AchAddenda[];
};

export type AchReadBatch = { line: number; serviceClass: string; companyName: string; companyId: string; sec: string; batchNumber: number; entries: AchReadEntry[]; entryHash: string; totalCredits: number; totalDebits: number };
export type AchReadFile = { immediateDestination: string; immediateOrigin: string; created: string; fileIdModifier: string; batches: AchReadBatch[]; lines: number };
export type AchReadResult = { ok: true; file: AchReadFile } | { ok: false; errors: string[] };

/** Reads a NACHA file. `name` is the file's name for error messages. */
export function readAchFile(text: string, name: string): AchReadResult {
  const errors: string[] = [];
  const err = (line: number, col: number, msg: string) => errors.push(`${name}:${line}:${col}: ${msg}`);
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const numeric = (line: number, s: string, from: number, to: number, what: string): number => {
    const v = s.slice(from - 1, to);
    if (!/^\d+$/.test(v)) {
      err(line, from, `${what} must be digits, found "${v.trim()}"`);
      return NaN;
    }
    return Number(v);
  };
  let header: AchReadFile | null = null;
  let batch: AchReadBatch | null = null;
  let lastEntry: AchReadEntry | null = null;
  let sawControl = false;
  const batches: AchReadBatch[] = [];
  raw.forEach((rec, i) => {
    const line = i + 1;
    if (rec.length !== RECORD) {
      err(line, Math.min(rec.length, RECORD) + 1, `record is ${rec.length} characters, not ${RECORD}`);
      return;
    }
    if (sawControl) {
      if (!/^9{94}$/.test(rec)) err(line, 1, 'only padding lines of 9s may follow the file control record');
      return;
    }
    const type = rec[0];
    switch (type) {
      case '1':
        if (header) err(line, 1, 'a second file header');
        header = { immediateDestination: rec.slice(4, 13), immediateOrigin: rec.slice(13, 23).trim(), created: rec.slice(23, 33), fileIdModifier: rec[33], batches, lines: raw.length };
        if (rec.slice(34, 37) !== '094') err(line, 35, `record size must be 094, found "${rec.slice(34, 37)}"`);
        break;
      case '5':
        if (!header) err(line, 1, 'a batch header before the file header');
        if (batch) err(line, 1, 'a batch header inside an open batch (missing batch control)');
        batch = {
          line,
          serviceClass: rec.slice(1, 4),
          companyName: rec.slice(4, 20).trim(),
          companyId: rec.slice(40, 50).trim(),
          sec: rec.slice(50, 53),
          batchNumber: numeric(line, rec, 88, 94, 'batch number'),
          entries: [],
          entryHash: '',
          totalCredits: 0,
          totalDebits: 0,
        };
        lastEntry = null;
        break;
      case '6': {
        if (!batch) {
          err(line, 1, 'an entry outside a batch');
          break;
        }
        const amount = numeric(line, rec, 30, 39, 'amount');
        numeric(line, rec, 4, 12, 'routing number');
        numeric(line, rec, 80, 94, 'trace number');
        lastEntry = {
          line,
          transactionCode: rec.slice(1, 3),
          routing: rec.slice(3, 12),
          account: rec.slice(12, 29).trim(),
          amountCents: amount,
          individualId: rec.slice(39, 54).trim(),
          name: rec.slice(54, 76).trim(),
          traceNumber: rec.slice(79, 94),
          addenda: [],
        };
        batch.entries.push(lastEntry);
        break;
      }
      case '7': {
        if (!lastEntry) {
          err(line, 1, 'an addenda record without an entry');
          break;
        }
        const typeCode = rec.slice(1, 3);
        const a: AchAddenda = { line, typeCode, reasonCode: '', originalTrace: '', info: '', correctedData: '' };
        if (typeCode === '99' || typeCode === '98') {
          a.reasonCode = rec.slice(3, 6);
          a.originalTrace = rec.slice(6, 21);
          if (!/^\d{15}$/.test(a.originalTrace)) err(line, 7, `the original entry trace number must be 15 digits, found "${a.originalTrace.trim()}"`);
          if (typeCode === '99') {
            if (!/^R\d{2}$/.test(a.reasonCode)) err(line, 4, `a return reason code is R and two digits, found "${a.reasonCode.trim()}"`);
            a.info = rec.slice(35, 79).trim();
          } else {
            if (!/^C\d{2}$/.test(a.reasonCode)) err(line, 4, `a change code is C and two digits, found "${a.reasonCode.trim()}"`);
            a.correctedData = rec.slice(35, 64).trim();
          }
        } else if (typeCode === '05') {
          a.info = rec.slice(3, 83).trim();
        } else err(line, 2, `unknown addenda type "${typeCode}"`);
        lastEntry.addenda.push(a);
        break;
      }
      case '8':
        if (!batch) {
          err(line, 1, 'a batch control outside a batch');
          break;
        }
        batch.entryHash = rec.slice(10, 20);
        batch.totalDebits = numeric(line, rec, 21, 32, 'total debits');
        batch.totalCredits = numeric(line, rec, 33, 44, 'total credits');
        {
          const count = numeric(line, rec, 5, 10, 'entry/addenda count');
          const actual = batch.entries.reduce((n, e) => n + 1 + e.addenda.length, 0);
          if (count !== actual && !Number.isNaN(count)) err(line, 5, `the batch control counts ${count} entries and addenda, the batch has ${actual}`);
        }
        batches.push(batch);
        batch = null;
        lastEntry = null;
        break;
      case '9':
        if (batch) err(line, 1, 'the file control inside an open batch (missing batch control)');
        {
          const n = numeric(line, rec, 2, 7, 'batch count');
          if (n !== batches.length && !Number.isNaN(n)) err(line, 2, `the file control counts ${n} batches, the file has ${batches.length}`);
        }
        sawControl = true;
        break;
      default:
        err(line, 1, `unknown record type "${type}"`);
    }
  });
  if (!header) err(1, 1, 'no file header (record type 1)');
  if (!sawControl && raw.length) err(raw.length, 1, 'no file control (record type 9)');
  if (errors.length) return { ok: false, errors };
  return { ok: true, file: header! };
}
