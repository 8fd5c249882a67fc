/** @type {import('next').NextConfig} */

const nextConfig = {
  // PGlite ships a WASM build that must be loaded from node_modules at run time (STACK.md pitfall 2);
  // @node-rs/bcrypt is a native binding; tsx (which the import worker threads register, lib/bulk/worker-entry.mjs)
  // carries esbuild's binary and dynamic imports that cannot be bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/bcrypt', 'pdfkit', 'pg', 'pg-copy-streams', 'pg-boss', 'tsx'],
  poweredByHeader: false,
  // Nothing personal is logged, in development too: Next.js logs each server function call with its
  // arguments (a Notice ID, a confirmation code, claim fields) and each request's URL unless told not to.
  logging: { serverFunctions: false, incomingRequests: false },
  // authInterrupts: forbidden() renders app/forbidden.tsx with status 403 (the admin guard).
  // The body limit is also enforced, with a 413 and a message, in proxy.ts (Next.js answers 500 past it).
  experimental: { serverActions: { bodySizeLimit: '12mb' }, authInterrupts: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          // Content-Security-Policy (per-request nonce) and HSTS (from NEXTAUTH_URL at run time): proxy.ts.
        ],
      },
    ];
  },
};
export default nextConfig;
