// The production entry point (`npm start`): Next.js's request handler behind a plain node:http server,
// for one reason — Next.js gives app code no socket address (NextRequest.ip is gone, and it writes the
// socket address into X-Forwarded-For only when a client sent none, so a forged value survives).
// Here every request gets the TCP peer in x-fairshare-peer (with this process's token), overwriting any client-sent value, and
// lib/intake/client-address.ts applies the trusted-proxy rule to it (docs/decisions/0011).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0';
const dev = process.env.NODE_ENV === 'development';
// The stamp's proof that it is ours: a client cannot know this token, so under plain `next start` (no
// token) or with a forged header (wrong token) the app ignores the header.
const token = randomBytes(18).toString('base64url');
process.env.FAIRSHARE_PEER_TOKEN = token;
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
createServer((req, res) => {
  req.headers['x-fairshare-peer'] = `${token} ${req.socket.remoteAddress ?? ''}`;
  handle(req, res);
}).listen(port, hostname, () => console.log(`> fairshare ready on http://${hostname}:${port}`));
