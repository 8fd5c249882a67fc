import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The key that signs and encrypts staff session tokens. Production must set NEXTAUTH_SECRET (STACK.md
 * pitfall 4): a secret generated on one server would sign everyone out on every deploy and differ
 * between replicas. A laptop install gets one generated into the data folder, like the master key.
 */
export function authSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.NEXTAUTH_SECRET ?? env.AUTH_SECRET;
  if (configured) {
    if (configured.length < 16) throw new Error('NEXTAUTH_SECRET must be at least 16 characters');
    return configured;
  }
  if (env.NODE_ENV === 'production') throw new Error('NEXTAUTH_SECRET is required in production (e.g. `openssl rand -base64 32`)');
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ env.FAIRSHARE_DATA_DIR ?? '.data'), 'nextauth.secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}
