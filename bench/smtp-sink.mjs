/**
 * The benchmark's SMTP server, in its own process so its CPU is not the sender's (a relay is another
 * machine in production). smtp-server, real SMTP; it reads each message to the end and counts copies per
 * envelope recipient (RCPT TO), which is what proves "nobody got two". Only counts leave this process.
 *
 * Parent protocol (IPC): it sends { port } once listening, then { received } every 20 ms;
 * it answers 'report' with { received, recipients, duplicates } and 'reset' by clearing the counts.
 */
import { SMTPServer } from 'smtp-server';

let received = 0;
const perRecipient = new Map();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // A relay takes many connections from one sender; the default (unlimited) is what we want.
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
      received++;
      callback();
    });
  },
});
// A sender killed mid-message resets its connections: that is the crash run, not an error here.
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  process.send({ port: server.server.address().port });
  let last = -1;
  setInterval(() => {
    if (received !== last) process.send({ received: (last = received) });
  }, 20);
});
process.on('message', (m) => {
  if (m === 'reset') {
    received = 0;
    perRecipient.clear();
    process.send({ reset: true });
  } else if (m === 'report') {
    let duplicates = 0;
    for (const n of perRecipient.values()) if (n > 1) duplicates++;
    process.send({ report: { received, recipients: perRecipient.size, duplicates } });
  }
});
process.on('disconnect', () => process.exit(0));
