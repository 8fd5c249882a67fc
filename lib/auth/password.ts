import { hash, verify } from '@node-rs/bcrypt';
import { z } from 'zod';

/** bcrypt cost 12: ~250 ms per hash on this class of machine, slow enough to make guessing expensive. */
export const BCRYPT_COST = 12;

/**
 * Staff passwords protect personal and payment data of millions of people: long passphrases, no
 * composition rules (NIST SP 800-63B), capped at 72 bytes because bcrypt ignores the rest.
 */
export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'Use at most 72 bytes (about 72 characters)');

/**
 * A native binding (napi-rs, prebuilt): the work runs on libuv's thread pool, so a burst of sign-ins
 * no longer burns the event loop that serves the claim form (bcryptjs did, in pure JavaScript). It
 * reads and writes the same $2b$ hashes. Callers bound how many run at once (lib/auth/hash-gate.ts).
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hashed: string): Promise<boolean> {
  try {
    return await verify(password, hashed);
  } catch {
    // A malformed stored hash is a failed check, not a crash.
    return false;
  }
}

/** Compared against when the email is unknown, so a miss costs the same time as a wrong password. */
export const DUMMY_HASH = '$2b$12$zIwxxPztGVwr8fnsczdEU.sa.5Wv/qT1ciw28FuTcEW3v54ASFmrK';
