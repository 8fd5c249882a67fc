import { hkdfSync } from 'node:crypto';
import { decryptJson, deriveDataKey, encryptJson, type DataKey } from '@/lib/privacy/crypto';
import { masterKey } from '@/lib/privacy/keys';

/**
 * Staff TOTP secrets are sealed with a key derived from the master key (not a settlement's key: staff
 * outlive settlements, and destroying a settlement's data must not lock its administrators out).
 */
let staffKey: DataKey | undefined;

function key(): DataKey {
  staffKey ??= deriveDataKey(Buffer.from(hkdfSync('sha256', masterKey(), Buffer.alloc(0), 'fairshare:staff-secrets', 32)));
  return staffKey;
}

/** `bindTo` (user id, or invitation) is the AAD: a sealed secret cannot be copied onto another account. */
export function sealSecret(secret: string, bindTo: string): string {
  return encryptJson(key(), secret, `staff.totp:${bindTo}`);
}

export function openSecret(sealed: string, bindTo: string): string {
  return decryptJson<string>(key(), sealed, `staff.totp:${bindTo}`);
}
