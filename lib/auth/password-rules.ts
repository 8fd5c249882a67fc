import { z } from 'zod';

/**
 * Staff passwords protect personal and payment data of millions of people: long passphrases, no
 * composition rules (NIST SP 800-63B), capped at 72 bytes because bcrypt ignores the rest.
 */
export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'Use at most 72 bytes (about 72 characters)');
