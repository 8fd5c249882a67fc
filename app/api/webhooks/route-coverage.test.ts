import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Webhook routes are outside the staff authorisation matrix (app/admin/route-coverage.test.ts covers
 * app/admin and app/api/admin only): they are public by nature, so each handler must verify the sender's
 * signature, and must do it before it touches the database. Only POST is exported (no GET that reads).
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const walk = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name === 'route.ts' ? [`${dir}/${e.name}`] : []));
const routes = walk('app/api/webhooks');
/** The signature checks we accept, each of which refuses an unsigned body (lib/disburse/stripe/webhook.ts). */
const VERIFIERS = /\b(respondToWebhook|verifyEvent|parseEventNotification)\(/;

describe('webhook routes accept only signed requests', () => {
  it('finds the webhook routes', () => expect(routes).toContain('app/api/webhooks/stripe/route.ts'));

  it.each(routes)('%s exports only POST and verifies the signature before any database access', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const methods = [...text.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]);
    expect(methods).toEqual(['POST']);
    const verify = text.search(VERIFIERS);
    expect(verify).toBeGreaterThan(0);
    // getDb is handed to the verifier, never called before it.
    expect(text.search(/\bgetDb\(\)/)).toBe(-1);
  });
});
