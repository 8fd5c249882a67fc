import 'server-only';
import { headers } from 'next/headers';
import type { FilingMeta } from '@/lib/filings/intake';

/** The submitter's IP and browser, as the reverse proxy reports them (first X-Forwarded-For hop). */
export async function requestMeta(): Promise<FilingMeta> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return { ip: forwarded || h.get('x-real-ip') || undefined, userAgent: h.get('user-agent') ?? undefined };
}
