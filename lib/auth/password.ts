import bcrypt from 'bcryptjs';
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

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Compared against when the email is unknown, so a miss costs the same time as a wrong password. */
export const DUMMY_HASH = '$2b$12$zIwxxPztGVwr8fnsczdEU.sa.5Wv/qT1ciw28FuTcEW3v54ASFmrK';
