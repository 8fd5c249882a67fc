import 'server-only';
import { env } from '@/lib/env';
import { officialChannels, type OfficialChannels } from '@/lib/settlements/authenticity';
import type { SettlementConfig } from '@/lib/settlements/config';

/** The channels this deployment really uses: the settlement's contact, the mail sender and the site's addresses. */
export function officialChannelsOf(config: SettlementConfig): OfficialChannels {
  const e = env();
  return officialChannels(config.contact, { mailFrom: e.MAIL_FROM, urls: [e.FAIRSHARE_PUBLIC_URL, e.NEXTAUTH_URL] });
}
