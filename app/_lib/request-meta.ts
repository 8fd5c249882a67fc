import 'server-only';
import { headers } from 'next/headers';
import { clientAddress, trustedProxies } from '@/lib/intake/client-address';

/**
 * The client's IP and user agent. The address follows the trusted-proxy rule (lib/intake/client-address.ts):
 * the socket peer by default, the Nth X-Forwarded-For entry from the right behind N trusted proxies —
 * never an entry the client could have written itself.
 */
export async function requestMeta(): Promise<{ ip: string; userAgent: string }> {
  const h = await headers();
  return { ip: clientAddress(h, trustedProxies()), userAgent: (h.get('user-agent') ?? '').slice(0, 500) };
}
