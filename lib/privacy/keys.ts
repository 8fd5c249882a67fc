import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { dataDir } from '@/db/client';
import { settlementKeys } from '@/db/schema';
import { deriveDataKey, generateKey, unwrapKey, wrapKey, type DataKey } from './crypto';

/**
 * The master key comes from FAIRSHARE_MASTER_KEY (32 bytes, base64) in production. The embedded
 * default creates .data/master.key on first run so a laptop install works without set-up.
 */
let master: Buffer | undefined;

export function masterKey(): Buffer {
  if (master) return master;
  const fromEnv = process.env.FAIRSHARE_MASTER_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('FAIRSHARE_MASTER_KEY must be 32 bytes encoded as base64');
    return (master = key);
  }
  if (process.env.NODE_ENV === 'production' && process.env.DATABASE_URL && !process.env.FAIRSHARE_ALLOW_KEY_FILE) {
    throw new Error('FAIRSHARE_MASTER_KEY is required in production with PostgreSQL');
  }
  const file = path.join(dataDir(), 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, generateKey().toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return (master = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
}

const cache = new Map<string, DataKey>();

/** Creates and stores the wrapped data key for a new settlement, inside the caller's transaction. */
export async function createSettlementKey(tx: Queryable, settlementId: string): Promise<DataKey> {
  const raw = generateKey();
  await tx.insert(settlementKeys).values({ settlementId, wrappedKey: wrapKey(masterKey(), raw, settlementId) });
  const key = deriveDataKey(raw);
  cache.set(settlementId, key);
  return key;
}

export async function settlementKey(db: Queryable, settlementId: string): Promise<DataKey> {
  const cached = cache.get(settlementId);
  if (cached) return cached;
  const [row] = await db.select().from(settlementKeys).where(eq(settlementKeys.settlementId, settlementId));
  if (!row) throw new Error(`no data key for settlement ${settlementId} (destroyed?)`);
  const key = deriveDataKey(unwrapKey(masterKey(), row.wrappedKey, settlementId));
  cache.set(settlementId, key);
  return key;
}

/** Forgets cached keys (after destruction, and between tests). */
export function forgetKeys(): void {
  cache.clear();
}
