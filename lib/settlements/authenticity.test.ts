import { describe, expect, it } from 'vitest';
import { checkSender, imitates, officialChannels, senderAddress } from './authenticity';

const official = officialChannels(
  { email: 'Info@TikTokSettlement.example', phone: '1-800-555-0100', mail: 'PO Box 1, Portland, OR' },
  { mailFrom: 'Settlement Administrator <no-reply@tiktoksettlement.example>', urls: ['https://www.tiktoksettlement.example/', undefined, 'not a url'] },
);

describe('official channels', () => {
  it('lists the senders lower-cased and the website hosts', () => {
    expect(official.senders).toEqual(['no-reply@tiktoksettlement.example', 'info@tiktoksettlement.example']);
    expect(official.websites).toEqual(['www.tiktoksettlement.example']);
  });
});

describe('senderAddress', () => {
  it.each([
    ['From: Settlement Administrator <No-Reply@TikTokSettlement.example>', 'no-reply@tiktoksettlement.example'],
    ['no-reply@tiktoksettlement.example', 'no-reply@tiktoksettlement.example'],
    ['"Admin" <info@tiktoksettlement.example>.', 'info@tiktoksettlement.example'],
  ])('%s', (raw, want) => expect(senderAddress(raw)).toBe(want));
  it.each(['', 'Settlement Administrator', '@@', 'a@'])('refuses %j', (raw) => expect(senderAddress(raw)).toBeNull());
});

describe('checkSender', () => {
  it('recognises our own senders, whatever the display name', () => {
    expect(checkSender('Anyone <NO-REPLY@tiktoksettlement.example>', official)).toEqual({ verdict: 'official', address: 'no-reply@tiktoksettlement.example' });
  });
  it.each([
    'claims@tiktoksettIement.example', // capital I for l
    'claims@tiktoksett1ement.example', // digit one for l
    'claims@tiktok-settlement.example', // a hyphen
    'no-reply@tiktoksettlement.example.payouts-help.com', // ours inside another domain
    'no-reply@tiktoksettlemnt.example', // a letter dropped
  ])('calls %s an imitation', (raw) => expect(checkSender(raw, official).verdict).toBe('lookalike'));
  it('does not call an unrelated address an imitation', () => {
    expect(checkSender('friend@gmail.com', official)).toEqual({ verdict: 'unknown', address: 'friend@gmail.com' });
  });
  it('a different mailbox at our domain is not a sender we use, but not an imitation either', () => {
    expect(checkSender('ceo@tiktoksettlement.example', official).verdict).toBe('unknown');
  });
  it('answers invalid when there is no address', () => expect(checkSender('hello', official)).toEqual({ verdict: 'invalid' }));
});

describe('imitates', () => {
  it('a real subdomain of ours is ours', () => expect(imitates('mail.tiktoksettlement.example', 'tiktoksettlement.example')).toBe(false));
  it('the same domain is not an imitation', () => expect(imitates('tiktoksettlement.example', 'tiktoksettlement.example')).toBe(false));
});
