import { describe, expect, it } from 'vitest';
import { clientAddress, PEER_HEADER, trustedProxies } from './client-address';

const h = (o: Record<string, string>) => new Headers(o);
const TOKEN = 'server-token';
/** The stamp server.mjs writes: its start-up token, then the socket address. */
const stamp = (ip: string) => `${TOKEN} ${ip}`;
const at = (o: Record<string, string>, proxies: number) => clientAddress(h(o), proxies, TOKEN);

describe('clientAddress', () => {
  it('with no trusted proxy believes only the socket peer, whatever X-Forwarded-For says', () => {
    expect(at({ [PEER_HEADER]: stamp('203.0.113.9'), 'x-forwarded-for': '1.2.3.4' }, 0)).toBe('203.0.113.9');
    expect(at({ [PEER_HEADER]: stamp('::ffff:127.0.0.1') }, 0)).toBe('127.0.0.1');
  });

  it('ignores a peer header a client wrote itself (no token, or the wrong one), and any header when no server.mjs token exists', () => {
    const forged = { 'x-forwarded-for': '127.0.0.1' };
    expect(at({ ...forged, [PEER_HEADER]: '6.6.6.6' }, 0)).toBe('127.0.0.1');
    expect(at({ ...forged, [PEER_HEADER]: 'guess 6.6.6.6' }, 0)).toBe('127.0.0.1');
    expect(clientAddress(h({ ...forged, [PEER_HEADER]: stamp('6.6.6.6') }), 0, undefined)).toBe('127.0.0.1');
  });

  it('with N trusted proxies takes the Nth address from the right', () => {
    const xff = '6.6.6.6, 198.51.100.7, 10.0.0.2';
    expect(at({ 'x-forwarded-for': xff, [PEER_HEADER]: stamp('10.0.0.3') }, 1)).toBe('10.0.0.2');
    expect(at({ 'x-forwarded-for': xff, [PEER_HEADER]: stamp('10.0.0.3') }, 2)).toBe('198.51.100.7');
  });

  it('a client rotating its own X-Forwarded-For entry does not change the address behind one proxy', () => {
    const seen = new Set(['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((forged) => clientAddress(h({ 'x-forwarded-for': `${forged}, 198.51.100.7` }), 1)));
    expect([...seen]).toEqual(['198.51.100.7']);
  });

  it('ignores garbage and strips ports and brackets', () => {
    expect(clientAddress(h({ 'x-forwarded-for': 'evil, not-an-ip' }), 1)).toBe('unknown');
    expect(clientAddress(h({ 'x-forwarded-for': '198.51.100.7:5555' }), 1)).toBe('198.51.100.7');
    expect(clientAddress(h({ 'x-forwarded-for': '[2001:db8::1]:443' }), 1)).toBe('2001:db8::1');
  });

  it('without the peer header (plain next start) falls back to the entry Next.js wrote from the socket', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '127.0.0.1' }), 0)).toBe('127.0.0.1');
  });

  it('reads FAIRSHARE_TRUSTED_PROXIES, default 0, and refuses nonsense', () => {
    expect(trustedProxies({})).toBe(0);
    expect(trustedProxies({ FAIRSHARE_TRUSTED_PROXIES: '2' })).toBe(2);
    expect(() => trustedProxies({ FAIRSHARE_TRUSTED_PROXIES: 'yes' })).toThrow(/FAIRSHARE_TRUSTED_PROXIES.*whole number/);
  });
});
