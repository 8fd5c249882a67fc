import bcrypt from '@node-rs/bcrypt';

/** bcrypt cost 12: ~250 ms per hash on this class of machine, slow enough to make guessing expensive. */
export const BCRYPT_COST = 12;

export { passwordSchema } from './password-rules';

/**
 * A native binding (napi-rs, prebuilt): the work runs on libuv's thread pool, so a burst of sign-ins
 * no longer burns the event loop that serves the claim form (bcryptjs did, in pure JavaScript). It
 * reads and writes the same $2b$ hashes. Callers bound how many run at once (lib/auth/hash-gate.ts).
 */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hashed: string): Promise<boolean> {
  try {
    return await bcrypt.verify(password, hashed);
  } catch {
    // A malformed stored hash is a failed check, not a crash.
    return false;
  }
}

/** Compared against when the email is unknown, so a miss costs the same time as a wrong password. */
export const DUMMY_HASH = '$2b$12$zIwxxPztGVwr8fnsczdEU.sa.5Wv/qT1ciw28FuTcEW3v54ASFmrK';
