import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { settlementKey } from '@/lib/privacy/keys';
import { readReturnsFile } from './ach/returns';
import { readPaypalResults } from './paypal/results';
import { readCardReport } from './prepaid/report';
import { applyResults, type ApplyResult } from './results';

/** Reads a results file whole (they are small: one row per returned or reported payment). */
export function readResultsFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new AppError('bad_input', `${file}: ${(e as Error).message}`);
  }
}

/** `fairshare disburse returns FILE`: the bank's ACH returns and notifications of change, all or nothing. */
export async function importAchReturns(db: Db, settlementId: string, fileName: string, bytes: Buffer, actor: string): Promise<ApplyResult> {
  const key = await settlementKey(db, settlementId);
  const name = path.basename(fileName);
  const read = readReturnsFile(bytes.toString('latin1'), name, key);
  if (!read.ok) throw new AppError('bad_input', `${name}: ${read.errors.length} problem${read.errors.length === 1 ? '' : 's'} found; nothing was applied`, { details: read.errors.slice(0, 100) });
  return applyResults(db, { settlementId, rail: 'ach', kind: 'ach_returns', fileName: name, bytes, rows: read.rows, actor });
}

function rejected(name: string, errors: string[]): AppError {
  return new AppError('bad_input', `${name}: ${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was applied`, { details: errors.slice(0, 100) });
}

/** `fairshare disburse paypal-results FILE`: PayPal's per-item results of a web upload, all or nothing. */
export async function importPaypalResults(db: Db, settlementId: string, fileName: string, bytes: Buffer, actor: string): Promise<ApplyResult> {
  const name = path.basename(fileName);
  const read = await readPaypalResults(bytes, name);
  if (!read.ok) throw rejected(name, read.errors);
  return applyResults(db, { settlementId, rail: 'paypal', kind: 'paypal_results', fileName: name, bytes, rows: read.rows, actor });
}

/** `fairshare disburse card-report FILE`: the card vendor's issuance/redemption report, all or nothing. */
export async function importCardReport(db: Db, settlementId: string, fileName: string, bytes: Buffer, actor: string): Promise<ApplyResult> {
  const name = path.basename(fileName);
  const read = await readCardReport(bytes, name);
  if (!read.ok) throw rejected(name, read.errors);
  return applyResults(db, { settlementId, rail: 'prepaid', kind: 'card_report', fileName: name, bytes, rows: read.rows, actor });
}
