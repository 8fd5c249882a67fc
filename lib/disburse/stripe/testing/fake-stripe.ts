import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Stripe's API the rail uses (tests and e2e only; the machine cannot
 * reach Stripe). It speaks the same HTTP paths and JSON shapes as the v2 API the real `stripe` SDK calls:
 *
 *   POST /v2/core/accounts                          a recipient account
 *   POST /v2/core/vault/us_bank_accounts            a bank account, in the recipient's Stripe-Context
 *   POST /v2/money_management/outbound_payments     a payment (status "processing")
 *   GET  /v2/money_management/outbound_payments[/:id] retrieve, list (?recipient=)
 *
 * Idempotency-Key semantics as Stripe's: a POST repeated with the same key (and path) replays the first
 * response and creates nothing; the same key with a different body is a 400 idempotency_error.
 * Faults for the drill: `lose` acts then drops the connection, `timeout` acts then never answers,
 * `error500` answers 500 without acting — each with its probability, from a seeded generator.
 * Webhooks: `event(type, id)` builds a thin v2 event and its Stripe-Signature header (t=…,v1=HMAC-SHA256).
 */

export type Faults = { lose?: number; timeout?: number; error500?: number };
type Obp = Record<string, unknown> & { id: string; status: string; metadata: Record<string, string>; to: { recipient: string } };

export class FakeStripe {
  server: http.Server;
  port = 0;
  faults: Faults = {};
  /** Every outbound payment actually created (the drill counts them per fairshare_key). */
  payments = new Map<string, Obp>();
  accounts = new Map<string, Record<string, unknown>>();
  private idem = new Map<string, { body: string; status: number; response: string }>();
  private seed: number;
  private pending = new Set<http.ServerResponse>();
  requests = 0;
  /** The next POST to these paths acts and then never answers (a response lost for good, a crash). */
  hangNext = new Set<string>();

  constructor(readonly webhookSecret = 'whsec_fake_secret_for_tests_only', seed = 42) {
    this.seed = seed;
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.pending) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The SDK options that point the real client at this server. */
  get clientOptions() {
    return { host: '127.0.0.1', port: this.port, protocol: 'http' as const };
  }

  /** Outbound payments created per attempt key: more than one is a double payment. */
  createdPerKey(): Map<string, number> {
    const m = new Map<string, number>();
    for (const p of this.payments.values()) m.set(p.metadata.fairshare_key, (m.get(p.metadata.fairshare_key) ?? 0) + 1);
    return m;
  }

  /** Moves an outbound payment as Stripe would (posted, failed, returned, canceled). */
  setStatus(id: string, status: string, reason?: string): void {
    const p = this.payments.get(id);
    if (!p) throw new Error(`no outbound payment ${id}`);
    p.status = status;
    p.status_details = reason ? { [status]: { reason } } : null;
  }

  /** A thin v2 event about an outbound payment, signed as Stripe signs webhooks. */
  event(type: string, relatedId: string, opts: { id?: string; secret?: string; at?: number } = {}): { body: string; signature: string; id: string } {
    const id = opts.id ?? `evt_test_${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify({
      id,
      object: 'v2.core.event',
      type,
      created: new Date().toISOString(),
      livemode: false,
      related_object: { id: relatedId, type: 'v2.money_management.outbound_payment', url: `/v2/money_management/outbound_payments/${relatedId}` },
    });
    const t = opts.at ?? Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', opts.secret ?? this.webhookSecret).update(`${t}.${body}`).digest('hex');
    return { body, signature: `t=${t},v1=${sig}`, id };
  }

  private rand(): number {
    // mulberry32: reproducible faults for a given seed.
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
      res.end(text);
      return text;
    };
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) return void send(401, { error: { type: 'invalid_request_error', message: 'no API key' } });

    if (req.method === 'GET') {
      const m = /^\/v2\/money_management\/outbound_payments(?:\/([^/]+))?$/.exec(url.pathname);
      if (!m) return void send(404, { error: { type: 'invalid_request_error', message: 'not found' } });
      if (this.roll('error500')) return void send(500, { error: { type: 'api_error', message: 'fake 500' } });
      if (m[1]) {
        const p = this.payments.get(m[1]);
        return void (p ? send(200, p) : send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'no such outbound payment' } }));
      }
      const recipient = url.searchParams.get('recipient');
      const data = [...this.payments.values()].filter((p) => !recipient || p.to.recipient === recipient);
      return void send(200, { data, next_page_url: null, previous_page_url: null });
    }

    if (req.method !== 'POST') return void send(405, { error: { type: 'invalid_request_error', message: 'method' } });
    const key = req.headers['idempotency-key'];
    const idemKey = typeof key === 'string' ? `${url.pathname}|${req.headers['stripe-context'] ?? ''}|${key}` : null;
    if (idemKey && this.idem.has(idemKey)) {
      const prior = this.idem.get(idemKey)!;
      if (prior.body !== raw) return void send(400, { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } });
      res.writeHead(prior.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
      return void res.end(prior.response);
    }
    // 500 before acting: nothing happened, a retry is needed.
    if (this.roll('error500')) return void send(500, { error: { type: 'api_error', message: 'fake 500' } });
    let body: Record<string, any>;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return void send(400, { error: { type: 'invalid_request_error', message: 'bad JSON' } });
    }
    let status = 200;
    let out: unknown;
    const now = new Date().toISOString();
    if (url.pathname === '/v2/core/accounts') {
      const a = { id: `acct_test_${randomBytes(8).toString('hex')}`, object: 'v2.core.account', created: now, livemode: false, display_name: body.display_name, metadata: body.metadata ?? {}, configuration: { recipient: { applied: true } } };
      this.accounts.set(a.id, a);
      out = a;
    } else if (url.pathname === '/v2/core/vault/us_bank_accounts') {
      const ctx = req.headers['stripe-context'];
      if (typeof ctx !== 'string' || !this.accounts.has(ctx)) {
        status = 400;
        out = { error: { type: 'invalid_request_error', message: 'Stripe-Context must name a recipient account' } };
      } else if (!/^\d{9}$/.test(String(body.routing_number))) {
        status = 400;
        out = { error: { type: 'invalid_request_error', code: 'invalid_routing_number', message: 'invalid routing number' } };
      } else out = { id: `usba_test_${randomBytes(8).toString('hex')}`, object: 'v2.core.vault.us_bank_account', created: now, last4: String(body.account_number).slice(-4), bank_name: 'FAKE BANK' };
    } else if (url.pathname === '/v2/money_management/outbound_payments') {
      if (!this.accounts.has(body?.to?.recipient)) {
        status = 400;
        out = { error: { type: 'invalid_request_error', message: 'unknown recipient' } };
      } else {
        const p: Obp = {
          id: `obp_test_${randomBytes(8).toString('hex')}`,
          object: 'v2.money_management.outbound_payment',
          created: now,
          livemode: false,
          amount: body.amount,
          from: body.from,
          to: body.to,
          description: body.description,
          metadata: body.metadata ?? {},
          recipient_notification: body.recipient_notification ?? { setting: 'configured' },
          statement_descriptor: 'FAIRSHARE',
          cancelable: true,
          status: 'processing',
          status_details: null,
        };
        this.payments.set(p.id, p);
        out = p;
      }
    } else return void send(404, { error: { type: 'invalid_request_error', message: 'not found' } });
    const text = JSON.stringify(out);
    // Stripe stores the result of an executed request (success or 4xx) under its key.
    if (idemKey) this.idem.set(idemKey, { body: raw, status, response: text });
    if (this.hangNext.delete(url.pathname)) return void this.pending.add(res);
    // Acted, the answer is lost. (stripe-node retries a closed connection once, with the same
    // Idempotency-Key, even with maxNetworkRetries 0: that retry is answered from the stored result.)
    if (this.roll('lose')) return void res.socket?.destroy();
    if (this.roll('timeout')) return void this.pending.add(res); // acted, never answers
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  }

  private roll(kind: keyof Faults): boolean {
    const p = this.faults[kind] ?? 0;
    return p > 0 && this.rand() < p;
  }
}
