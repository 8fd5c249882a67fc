import { isIP } from 'node:net';

/**
 * Which address a request came from, for rate limits and the intake record (docs/decisions/0011).
 *
 * X-Forwarded-For is a list that every proxy appends to: "client, proxy1, proxy2". Only the entries
 * added by proxies we run can be believed; anything to their left was written by the client. So with
 * N trusted proxies in front of the server, the client is the Nth entry from the right, and with none
 * (the default) no entry is believed at all: the address is the TCP peer of the server's own socket,
 * which server.mjs hands to the app in PEER_HEADER (overwriting whatever a client sent under that name).
 *
 * Next.js itself only fills X-Forwarded-For with the socket address when the header is absent, so a
 * client-sent value survives into the app untouched — which is why the peer header exists.
 */
export const PEER_HEADER = 'x-fairshare-peer';

export type HeaderSource = { get(name: string): string | null };

export function clientAddress(headers: HeaderSource, trustedProxies: number): string {
  const peer = clean(headers.get(PEER_HEADER));
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

/** FAIRSHARE_TRUSTED_PROXIES (default 0). The one place this is read: lib/env.ts may take it over. */
export function trustedProxies(env: Record<string, string | undefined> = process.env): number {
  const raw = env.FAIRSHARE_TRUSTED_PROXIES;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error('FAIRSHARE_TRUSTED_PROXIES must be a whole number from 0 to 10');
  return n;
}
