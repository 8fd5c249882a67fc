import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataDir, getHandle } from '@/db/client';
import { AppError, isAppError } from '@/lib/errors';
import { CsvRejected } from '@/lib/csv/read';
import { runInline } from '@/lib/jobs/run-inline';
import type { Settlement } from '@/lib/settlements/service';
import type { ClassListImportResult, ImportMode } from './import';
import { classListImportJob } from './jobs';

/**
 * The console's class-list upload: the request body is streamed to a file in the data folder (never
 * held in memory), then imported by the `classlist.import` job. Bigger files than the limit go through
 * `fairshare classlist import` on the server.
 */

/** The console's limit: the proxy refuses larger POST bodies anyway (lib/auth/request-guards.ts MAX_BODY_BYTES). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export function uploadsDir(): string {
  return path.join(dataDir(), 'uploads');
}

/** Streams `body` to a new file under uploadsDir(), refusing more than `limit` bytes. Returns its path. */
export async function saveUpload(body: ReadableStream<Uint8Array>, limit = UPLOAD_LIMIT_BYTES): Promise<string> {
  fs.mkdirSync(uploadsDir(), { recursive: true, mode: 0o700 });
  const file = path.join(uploadsDir(), `classlist-${randomUUID()}.csv`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new AppError('too_large', `the file is larger than ${limit / 1024 / 1024} MB; import it with \`fairshare classlist import\` on the server`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream), counter, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  if (bytes === 0) {
    fs.rmSync(file, { force: true });
    throw new AppError('bad_input', 'choose a CSV file to upload');
  }
  return file;
}

export type UploadOutcome = { ok: true; result: ClassListImportResult } | { ok: false; message: string; errors: string[]; errorCount: number };

/**
 * THE one place the console starts a class-list import. Today it runs the job here and waits; the
 * integrator can switch this to enqueueJob(classListImportJob, …) and return the job id for <JobProgress>
 * (then the uploaded file must stay until the job has run: move the rmSync into the job's end).
 */
export async function runClassListUpload(settlement: Settlement, file: string, opts: { mode: ImportMode; fileName: string; actor: string }): Promise<UploadOutcome> {
  try {
    const result = await runInline(await getHandle(), classListImportJob, { settlementId: settlement.id, path: file, mode: opts.mode, fileName: opts.fileName }, { actor: opts.actor });
    return { ok: true, result };
  } catch (e) {
    if (e instanceof CsvRejected) return { ok: false, message: e.message, errors: e.errors, errorCount: e.errorCount };
    if (isAppError(e) && e.code !== 'internal') return { ok: false, message: e.message, errors: [], errorCount: 1 };
    throw e;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** A name to show for the uploaded file: its base name, printable characters only. */
export function displayName(raw: string | null): string {
  let decoded = raw ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Not percent-encoded as the page sends it: use it as it is (cleaned below).
  }
  const base = path.basename(decoded || 'upload.csv').replace(/[^\p{L}\p{N} ._()-]/gu, '_');
  return base.slice(0, 120) || 'upload.csv';
}
