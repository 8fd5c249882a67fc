import { env } from '@/lib/env';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/db/client';
import { AppError } from '@/lib/errors';

/**
 * The Ed25519 key that signs audit checkpoints. It must be a key the database does not hold — whoever
 * can rewrite the audit log must not be able to sign a checkpoint of the rewritten log — so it comes from
 * the environment or a file, never from a table:
 *
 * - FAIRSHARE_AUDIT_KEY: the private key, as PEM (PKCS #8) or as the base64 of its 32-byte seed;
 * - FAIRSHARE_AUDIT_KEY_FILE: a path to such a PEM file;
 * - neither, outside production: `.data/audit-signing.key`, created on first use, next to (never inside)
 *   the embedded database folder `.data/pglite`, so a laptop demo works with no set-up.
 *
 * Verifiers who must not hold the private key (counsel) set FAIRSHARE_AUDIT_PUBLIC_KEY (PEM or base64 of
 * the 32 raw bytes) instead.
 */

// DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// DER prefix of an SPKI Ed25519 public key; the 32 raw bytes follow.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function devKeyFile(): string {
  return path.join(dataDir(), 'audit-signing.key');
}

function parsePrivate(text: string, where: string): KeyObject {
  try {
    const t = text.trim();
    const key = t.startsWith('-----BEGIN')
      ? createPrivateKey(t)
      : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(t, 'base64')]), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key`);
    return key;
  } catch (e) {
    throw new AppError('misconfigured', `${where} is not an Ed25519 private key (PEM, or base64 of the 32-byte seed): ${(e as Error).message}`);
  }
}

export function parsePublicKey(text: string, where: string): KeyObject {
  try {
    const t = text.trim();
    const key = t.startsWith('-----BEGIN')
      ? createPublicKey(t)
      : createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(t, 'base64')]), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key`);
    return key;
  } catch (e) {
    throw new AppError('bad_input', `${where} is not an Ed25519 public key: ${(e as Error).message}`);
  }
}

/** The signing key; creates the development key file when nothing is configured outside production. */
export function loadSigningKey(opts: { create?: boolean } = {}): KeyObject | null {
  const e = env();
  if (e.FAIRSHARE_AUDIT_KEY) return parsePrivate(e.FAIRSHARE_AUDIT_KEY, 'FAIRSHARE_AUDIT_KEY');
  const file = e.FAIRSHARE_AUDIT_KEY_FILE;
  if (file) {
    if (!fs.existsSync(file)) throw new AppError('misconfigured', `FAIRSHARE_AUDIT_KEY_FILE: ${file} does not exist`);
    return parsePrivate(fs.readFileSync(file, 'utf8'), file);
  }
  if (e.NODE_ENV === 'production') {
    if (!opts.create) return null;
    throw new AppError('misconfigured', 'set FAIRSHARE_AUDIT_KEY or FAIRSHARE_AUDIT_KEY_FILE: checkpoints must be signed with a key kept outside the database');
  }
  const dev = devKeyFile();
  if (fs.existsSync(dev)) return parsePrivate(fs.readFileSync(dev, 'utf8'), dev);
  if (!opts.create) return null;
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(dev), { recursive: true });
  // wx: two processes creating it at once must not overwrite each other's key.
  fs.writeFileSync(dev, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return parsePrivate(fs.readFileSync(dev, 'utf8'), dev);
}

/** The public keys a checkpoint may be signed with: FAIRSHARE_AUDIT_PUBLIC_KEY and the signing key's. */
export function trustedPublicKeys(): KeyObject[] {
  const keys: KeyObject[] = [];
  const pub = env().FAIRSHARE_AUDIT_PUBLIC_KEY;
  if (pub) keys.push(parsePublicKey(pub, 'FAIRSHARE_AUDIT_PUBLIC_KEY'));
  const priv = loadSigningKey();
  if (priv) keys.push(createPublicKey(priv));
  return keys;
}

export function publicKeyPem(key: KeyObject): string {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }).toString();
}

/** sha256 of the raw 32-byte public key, hex: short enough to read out over the phone, long enough to trust. */
export function fingerprint(key: KeyObject): string {
  const der = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der.subarray(SPKI_ED25519_PREFIX.length)).digest('hex')}`;
}
