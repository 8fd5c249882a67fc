/**
 * The baselines for bench/intake: a bare node:http server with no framework.
 *   plain:   the same validation (the claim form's zod schemas), the same encryption (sealClaim) and one
 *            INSERT per claim — no class-list matching, timeline, audit row or e-mail.
 *   service: the same validation, then the same use case as the web form (fileClaim: one transaction
 *            with matching, timeline and audit row, then the confirmation e-mail over SMTP_URL after
 *            the response) — so the difference is what the framework costs.
 * Usage: tsx bench/intake-baseline-server.ts PORT plain|service
 */
import http from 'node:http';
import { openDb } from '@/db/client';
import { claims } from '@/db/schema';
import { CLAIM_PREFIX, newPublicId } from '@/lib/claims/claim-id';
import { fileClaim } from '@/lib/claims/file-claim';
import { parseClaim } from '@/lib/claims/schema';
import { sealClaim } from '@/lib/claims/seal';
import { demoConfig } from '@/lib/demo/service';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement } from '@/lib/settlements/service';

const port = Number(process.argv[2] ?? 3191);
const mode = process.argv[3] === 'service' ? 'service' : 'plain';
const { db } = await openDb();
const settlement = await createSettlement(db, demoConfig(), 'bench');
const key = await settlementKey(db, settlement.id);

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/health') return void res.end('ok');
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const [, values, meta] = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const parsed = parseClaim(settlement.config, values);
    if (!parsed.ok) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, errors: parsed.errors }));
    }
    const c = parsed.claim;
    if (mode === 'service') {
      const filed = await fileClaim(db, settlement, c, { idempotencyKey: meta.token, ip: req.socket.remoteAddress, userAgent: req.headers['user-agent'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: true, claimId: filed.claimId }));
    }
    const claimId = newPublicId(CLAIM_PREFIX);
    const pii = { firstName: c.firstName, lastName: c.lastName, email: c.email, street: c.street, city: c.city, state: c.state, zip: c.zip, usernames: c.usernames, signature: c.signature };
    await db.insert(claims).values({
      settlementId: settlement.id,
      claimId,
      idempotencyKey: meta.token,
      tier: 'nationwide',
      ...sealClaim(key, pii, c.payment, { ip: req.socket.remoteAddress, userAgent: req.headers['user-agent'] }),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, claimId }));
  } catch (e) {
    res.writeHead(500);
    res.end(String((e as Error).message));
  }
});
server.listen(port, '127.0.0.1');
