import 'server-only';
import { headers } from 'next/headers';

/** The client's IP (first X-Forwarded-For hop, set by the proxy in front of us) and user agent. */
export async function requestMeta(): Promise<{ ip: string; userAgent: string }> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return { ip: forwarded || h.get('x-real-ip') || 'unknown', userAgent: (h.get('user-agent') ?? '').slice(0, 500) };
}
