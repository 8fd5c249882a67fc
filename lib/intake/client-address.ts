import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { env } from '@/lib/env';

/**
 * Which address a request came from, for rate limits and the intake record (docs/decisions/0011).
 *
 * X-Forwarded-For is a list that every proxy appends to: "client, proxy1, proxy2". Only the entries
 * added by proxies we run can be believed; anything to their left was written by the client. So with
 * N trusted proxies in front of the server, the client is the Nth entry from the right, and with none
 * (the default) no entry is believed at all: the address is the TCP peer of the server's own socket,
 * which server.mjs hands to the app in PEER_HEADER (overwriting whatever a client sent under that name).
 * The header carries a random token server.mjs made at start-up (FAIRSHARE_PEER_TOKEN, in this process's
 * environment only): under plain `next start` nothing overwrites the header, so a client could send one,
 * and without the token it is ignored.
 *
 * Next.js itself only fills X-Forwarded-For with the socket address when the header is absent, so a
 * client-sent value survives into the app untouched — which is why the peer header exists.
 */
export const PEER_HEADER = 'x-fairshare-peer';

export type HeaderSource = { get(name: string): string | null };

export function clientAddress(headers: HeaderSource, trustedProxies: number, peerToken = process.env.FAIRSHARE_PEER_TOKEN): string {
  const peer = stampedPeer(headers.get(PEER_HEADER), peerToken);
  if (trustedProxies <= 0) return peer ?? fallback(headers);
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through them all; the nearest
  // entry is then the best that can be said (it was written by a proxy or by Next.js from the socket).
  const candidate = hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : hops[0];
  return clean(candidate) ?? peer ?? 'unknown';
}

/** The address in server.mjs's "<token> <address>" stamp, or null when the stamp is not server.mjs's. */
function stampedPeer(raw: string | null, token: string | undefined): string | null {
  if (!token || !raw) return null;
  const space = raw.indexOf(' ');
  if (space < 0 || !constantTimeEqual(raw.slice(0, space), token)) return null;
  return clean(raw.slice(space + 1));
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Without server.mjs (plain `next start`) the socket address is only what Next.js wrote into
 * X-Forwarded-For when the client sent none; its rightmost entry is the closest thing to the peer.
 */
function fallback(headers: HeaderSource): string {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',');
  return clean(hops[hops.length - 1]) ?? 'unknown';
}

/** An IP address (IPv4-mapped IPv6 unwrapped, ports and brackets stripped), or null for anything else. */
function clean(raw: string | null | undefined): string | null {
  let v = (raw ?? '').trim();
  if (!v) return null;
  if (v.startsWith('[')) v = v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  if (v.toLowerCase().startsWith('::ffff:') && isIP(v.slice(7)) === 4) v = v.slice(7);
  return isIP(v) ? v.toLowerCase() : null;
}

/** FAIRSHARE_TRUSTED_PROXIES (default 0), validated by lib/env.ts. */
export function trustedProxies(source: Record<string, string | undefined> = process.env): number {
  return env(source).FAIRSHARE_TRUSTED_PROXIES;
}
