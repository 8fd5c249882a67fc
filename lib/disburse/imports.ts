import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { settlementKey } from '@/lib/privacy/keys';
import { readReturnsFile } from './ach/returns';
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
