import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Envelope encryption. A master key (from FAIRSHARE_MASTER_KEY, or a local key file for the embedded
 * default) wraps one random data key per settlement; personal fields are sealed with the data key.
 * Destroying a settlement's wrapped key makes all of its personal data unreadable: provable destruction.
 *
 * Lookups (email, phone, claim status by ZIP) use keyed hashes derived from the same data key, so the
 * database can find a row without ever holding the plain value.
 */

const VERSION = 'v1';

export type DataKey = { enc: Buffer; mac: Buffer };

export function generateKey(): Buffer {
  return randomBytes(32);
}

export function deriveDataKey(raw: Buffer): DataKey {
  return {
    enc: Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'fairshare:enc', 32)),
    mac: Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'fairshare:mac', 32)),
  };
}

// IVs come from a pool filled 4 KB at a time: one randomBytes call per sealed value was a visible share
// of a bulk import. Same CSPRNG; each 12-byte slice is handed out once, so an IV never repeats.
const IV_POOL = 12 * 341;
let ivPool = Buffer.alloc(0);
let ivAt = IV_POOL;
function nextIv(): Buffer {
  if (ivAt >= IV_POOL) {
    ivPool = randomBytes(IV_POOL);
    ivAt = 0;
  }
  ivAt += 12;
  return ivPool.subarray(ivAt - 12, ivAt);
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [version, body] = sealed.split(':', 2);
  if (version !== VERSION || !body) throw new Error('unknown ciphertext format');
  const raw = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** Wraps a settlement's raw data key with the master key (the AAD binds it to that settlement). */
export function wrapKey(master: Buffer, raw: Buffer, settlementId: string): string {
  return seal(master, raw, `key:${settlementId}`);
}

export function unwrapKey(master: Buffer, wrapped: string, settlementId: string): Buffer {
  return open(master, wrapped, `key:${settlementId}`);
}

/** Encrypts a JSON value; `context` (e.g. "claims.pii") is bound as AAD so a value can't be moved between columns. */
export function encryptJson(key: DataKey, value: unknown, context: string): string {
  return seal(key.enc, Buffer.from(JSON.stringify(value), 'utf8'), context);
}

export function decryptJson<T>(key: DataKey, sealed: string, context: string): T {
  return JSON.parse(open(key.enc, sealed, context).toString('utf8')) as T;
}

export function encryptBytes(key: DataKey, value: Buffer, context: string): string {
  return seal(key.enc, value, context);
}

export function decryptBytes(key: DataKey, sealed: string, context: string): Buffer {
  return open(key.enc, sealed, context);
}

/** Keyed hash of an already-normalised identifier; `kind` separates namespaces (email vs phone). */
export function keyedHash(key: DataKey, kind: string, normalised: string): string {
  return createHmac('sha256', key.mac).update(`${kind}\u0000${normalised}`).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
