import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** RFC 6238 TOTP, 6 digits, 30-second steps, SHA-1: what every authenticator app speaks. */
export const TOTP_PERIOD = 30;
export const TOTP_ISSUER = 'fairshare';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The current code (tests, the demo documentation). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

/**
 * Accepts the code of the current step or one step either side (clock drift), but never a step at or
 * before `lastStep`: a code seen once — by us, or by someone looking over a shoulder — is spent.
 */
export function checkTotp(secret: string, code: string, lastStep: number, at: Date = new Date()): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const epoch = Math.floor(at.getTime() / 1000);
  const result = verifySync({ secret, token, epoch, epochTolerance: TOTP_PERIOD });
  if (!result.valid) return { ok: false };
  const step = Math.floor(epoch / TOTP_PERIOD) + result.delta;
  return step > lastStep ? { ok: true, step } : { ok: false };
}
