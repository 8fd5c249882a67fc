/**
 * Pure rules proxy.ts applies to every request (decision 0011). Kept free of Next.js so they are unit-tested.
 */

/** The server-action body limit (next.config.js bodySizeLimit: a 10 MB PDF plus the form). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

/**
 * Scripts only from this origin and with this response's nonce ('strict-dynamic' lets Next.js's own
 * nonced loader pull its chunks); no framing (frame-ancestors 'none'); no plugins; forms post only here.
 * Styles allow 'unsafe-inline': React renders style attributes and Chart.js sets canvas sizes inline;
 * style injection cannot run script. Development needs 'unsafe-eval' for React's debugging aids.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * True when a server action comes from another origin: its Origin header names a host other than the
 * one it was sent to (X-Forwarded-Host when a proxy set it, else Host) — the same comparison Next.js
 * makes before it refuses with a 500. A missing Origin is left to Next.js (old browsers, same-site).
 */
export function crossOriginAction(headers: { get(name: string): string | null }): boolean {
  const origin = headers.get('origin');
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  return !host || originHost.toLowerCase() !== host.toLowerCase();
}
