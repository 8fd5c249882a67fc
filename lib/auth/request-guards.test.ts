import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, crossOriginAction } from './request-guards';

describe('crossOriginAction', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('accepts an action posted from the same host and refuses one from another site', () => {
    expect(crossOriginAction(h({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }))).toBe(false);
    expect(crossOriginAction(h({ origin: 'https://evil.example', host: 'claims.example.org' }))).toBe(true);
    expect(crossOriginAction(h({ origin: 'https://claims.example.org', host: 'app:3000', 'x-forwarded-host': 'claims.example.org' }))).toBe(false);
    expect(crossOriginAction(h({ origin: 'null', host: 'claims.example.org' }))).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  it('nonces scripts, forbids framing, and only upgrades requests behind https', () => {
    const p = contentSecurityPolicy('abc', { dev: false, https: true });
    expect(p).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(p).toContain("frame-ancestors 'none'");
    expect(p).toContain('upgrade-insecure-requests');
    expect(p).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('abc', { dev: true, https: false })).toContain("'unsafe-eval'");
  });
});
