import { SMTPServer } from 'smtp-server';

/** A local SMTP server that hands each received message to `onMessage` (tests only). Port 0 picks a free port. */
export async function startMailCatcher(port: number, onMessage: (raw: Buffer) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        onMessage(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client that dies mid-session (the crash drills SIGKILL the sender) resets its connection: smtp-server
  // reports that as an 'error' event, which without a listener would crash the test process.
  server.on('error', () => {});
  const address = (server as unknown as { server: import('node:net').Server }).server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
