import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { startMailCatcher } from './catcher';
import { sendMail } from './send';

const received: Buffer[] = [];
let catcher: { close: () => Promise<void> };
beforeAll(async () => {
  catcher = await startMailCatcher(2599, (raw) => received.push(raw));
  process.env.SMTP_URL = 'smtp://127.0.0.1:2599';
});
afterAll(async () => catcher.close());

describe('mail over SMTP', () => {
  it('delivers a message a test can read back', async () => {
    await sendMail({ to: 'claimant@example.com', subject: 'Your claim CL-0000-0000-0', text: 'We received your claim.' });
    expect(received).toHaveLength(1);
    const msg = await simpleParser(received[0]);
    expect(msg.subject).toBe('Your claim CL-0000-0000-0');
    expect(msg.text).toContain('We received your claim.');
  });
});
