import { describe, expect, it } from 'vitest';
import { env, productionProblems, publicBaseUrl, weakSecret } from './env';

const KEY = Buffer.alloc(32, 7).toString('base64');
const GOOD = { NODE_ENV: 'production', NEXTAUTH_SECRET: 'q8Jv2mXr7LpT0sWc4nYb9KzH3dFg6aUe1iOo5', FAIRSHARE_MASTER_KEY: KEY, NEXTAUTH_URL: 'https://claims.example.com' };

describe('lib/env', () => {
  it('a complete production configuration has no problems', () => {
    expect(productionProblems(GOOD)).toEqual([]);
  });

  it('names each missing or weak production setting and how to make one', () => {
    const missing = productionProblems({ NODE_ENV: 'production' });
    expect(missing).toHaveLength(3);
    expect(missing[0]).toMatch(/^NEXTAUTH_SECRET is not set.*openssl rand -base64 32/);
    expect(missing[1]).toMatch(/^FAIRSHARE_MASTER_KEY is not set/);
    expect(missing[2]).toMatch(/^NEXTAUTH_URL is not set/);
    expect(productionProblems({ ...GOOD, NEXTAUTH_SECRET: 'short-secret' })[0]).toMatch(/NEXTAUTH_SECRET is 12 characters; use at least 32/);
    expect(productionProblems({ ...GOOD, NEXTAUTH_SECRET: 'changeme-changeme-changeme-changeme-1234' })[0]).toMatch(/placeholder/);
    expect(productionProblems({ ...GOOD, NEXTAUTH_SECRET: 'e2e-only-secret-not-for-production' })[0]).toMatch(/placeholder/);
    expect(productionProblems({ ...GOOD, FAIRSHARE_MASTER_KEY: 'dG9vIHNob3J0' })[0]).toMatch(/FAIRSHARE_MASTER_KEY: must be 32 bytes/);
  });

  it('the Stripe rail: no test server in production, a webhook secret with the key, well-formed values', () => {
    expect(productionProblems({ ...GOOD, STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toEqual([]);
    expect(productionProblems({ ...GOOD, STRIPE_SECRET_KEY: 'sk_live_abc' })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET is not set/)]);
    expect(productionProblems({ ...GOOD, STRIPE_API_BASE: 'http://127.0.0.1:12111' })).toEqual([expect.stringMatching(/^STRIPE_API_BASE is set/)]);
    expect(productionProblems({ ...GOOD, STRIPE_SECRET_KEY: 'pk_live_abc' })[0]).toMatch(/STRIPE_SECRET_KEY: must be a Stripe secret/);
    expect(productionProblems({ ...GOOD, STRIPE_WEBHOOK_SECRET: 'abc' })[0]).toMatch(/STRIPE_WEBHOOK_SECRET: must be a webhook signing secret/);
  });

  it('a malformed value is a configuration error naming the variable', () => {
    expect(() => env({ PG_POOL_SIZE: 'lots' })).toThrow(/PG_POOL_SIZE: must be a whole number/);
    expect(() => env({ FAIRSHARE_TRUSTED_PROXIES: '-1' })).toThrow(/FAIRSHARE_TRUSTED_PROXIES/);
    expect(() => env({ NEXTAUTH_URL: 'claims.example.com' })).toThrow(/NEXTAUTH_URL/);
    expect(env({}).FAIRSHARE_TRUSTED_PROXIES).toBe(0);
    expect(env({ FAIRSHARE_TRUSTED_PROXIES: '2' }).FAIRSHARE_TRUSTED_PROXIES).toBe(2);
  });

  it('one public base URL: the public address, else the console address, else localhost on the real port', () => {
    expect(publicBaseUrl(env({ PORT: '3201' }))).toBe('http://localhost:3201');
    expect(publicBaseUrl(env({}))).toBe('http://localhost:3000');
    expect(publicBaseUrl(env({ NEXTAUTH_URL: 'https://admin.example.com/' }))).toBe('https://admin.example.com');
    expect(publicBaseUrl(env({ NEXTAUTH_URL: 'https://admin.example.com', FAIRSHARE_PUBLIC_URL: 'https://claims.example.com' }))).toBe('https://claims.example.com');
  });

  it('accepts a random secret', () => {
    expect(weakSecret('fairshare-e2e-7d1f0c93a8b54e6f9a2c7b1d3e5f80a4')).toBeNull();
  });
});
