import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from './scratch-db';

/**
 * The real CLI in a subprocess, as an administrator runs it (INTERFACES.md §1): PGlite in a temporary
 * folder by default; with DATABASE_URL set, a fresh PostgreSQL database made for the test file.
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type Run = { code: number; stdout: string; stderr: string };

export type CliSandbox = {
  dir: string;
  env: NodeJS.ProcessEnv;
  cli: (...args: string[]) => Promise<Run>;
  /** Writes a file in the sandbox folder and returns its path. */
  write: (name: string, content: string) => string;
  dispose: () => Promise<void>;
};

export async function cliSandbox(prefix: string): Promise<CliSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fairshare-${prefix}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAIRSHARE_DATA_DIR: path.join(dir, 'data'),
    FAIRSHARE_MASTER_KEY: randomBytes(32).toString('base64'),
    FAIRSHARE_TIMING: '0',
  };
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, `fairshare_${prefix.replace(/[^a-z0-9_]/gi, '_')}`) : null;
  if (scratch) env.DATABASE_URL = scratch.url;
  else delete env.DATABASE_URL;

  const cli = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(process.execPath, ['bin/fairshare.mjs', ...args], { cwd: ROOT, env, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const dispose = async () => {
    await scratch?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, env, cli, write, dispose };
}
