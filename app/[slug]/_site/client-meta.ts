import 'server-only';
import { requestMeta as clientMeta } from '@/app/_lib/request-meta';
import type { FilingMeta } from '@/lib/filings/intake';

/** The submitter's IP and browser, by the one trusted-proxy rule (app/_lib/request-meta.ts). */
export async function requestMeta(): Promise<FilingMeta> {
  const { ip, userAgent } = await clientMeta();
  return { ip: ip === 'unknown' ? undefined : ip, userAgent: userAgent || undefined };
}
