import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { dataDir } from '@/db/client';
import { env } from '@/lib/env';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files sent with the message (e.g. a signed audit checkpoint for counsel). */
  attachments?: { filename: string; content: string | Buffer; contentType?: string }[];
  /** Set by the sender when it must know the Message-ID before sending (the notice outbox records it first). */
  messageId?: string;
};

/**
 * Sends over SMTP when SMTP_URL is set (smtp://host:port). Without it (a laptop demo) the message
 * is written as an .eml file to .data/outbox so nothing personal reaches the console.
 */
let transport: nodemailer.Transporter | undefined;

function createTransport(maxConnections: number): nodemailer.Transporter {
  const url = env().SMTP_URL;
  // Pooled: a burst of confirmations reuses a few SMTP connections instead of one handshake each.
  return url
    ? nodemailer.createTransport(withPool(url, maxConnections))
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
}

function transporter(): nodemailer.Transporter {
  transport ??= createTransport(4);
  return transport;
}

/** nodemailer reads transport options from the URL's query; a URL that sets none gets a pool of `maxConnections` (a relay's own limit, set in SMTP_URL, wins). */
function withPool(url: string, maxConnections: number): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  if (!u.searchParams.has('maxConnections')) u.searchParams.set('maxConnections', String(maxConnections));
  return u.toString();
}

async function deliver(t: nodemailer.Transporter, mail: Mail): Promise<{ messageId: string }> {
  const { MAIL_FROM: from, SMTP_URL } = env();
  const info = await t.sendMail({ from, ...mail });
  if (!SMTP_URL) {
    const dir = path.join(dataDir(), 'outbox');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.eml`), (info as unknown as { message: Buffer }).message);
  }
  return { messageId: String(info.messageId ?? mail.messageId ?? '') };
}

/** Resolves with the Message-ID once the relay accepted the message (or it was written to .data/outbox). */
export async function sendMail(mail: Mail): Promise<{ messageId: string }> {
  return deliver(transporter(), mail);
}

/**
 * A sender with its own pool of `connections` SMTP connections, for a campaign that keeps that many
 * messages in flight (the shared pool above has 4). Close it when the campaign ends.
 */
export function mailSender(connections: number): { send: (mail: Mail) => Promise<{ messageId: string }>; close: () => void } {
  const t = createTransport(connections);
  return { send: (mail) => deliver(t, mail), close: () => t.close() };
}

/** Closes the pooled SMTP connections, so a command that sent mail can exit at once (idle pooled sockets keep Node alive). */
export function closeMail(): void {
  transport?.close();
  transport = undefined;
}
