/**
 * The plain baseline for bench/intake: a bare node:http server doing the same validation (the claim
 * form's zod schemas), the same encryption (sealClaim) and one INSERT per claim — no framework, no
 * class-list matching, no timeline or audit row. Usage: tsx bench/intake-baseline-server.ts PORT
 */
import http from 'node:http';
import { openDb } from '@/db/client';
import { claims } from '@/db/schema';
import { CLAIM_PREFIX, newPublicId } from '@/lib/claims/claim-id';
import { parseClaim } from '@/lib/claims/schema';
import { sealClaim } from '@/lib/claims/seal';
import { demoConfig } from '@/lib/demo/service';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement } from '@/lib/settlements/service';

const port = Number(process.argv[2] ?? 3191);
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
