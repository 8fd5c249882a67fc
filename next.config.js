/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a WASM build that must be loaded from node_modules at run time (STACK.md pitfall 2).
  serverExternalPackages: ['@electric-sql/pglite', 'pdfkit', 'pg', 'pg-copy-streams'],
  poweredByHeader: false,
  // authInterrupts: forbidden() renders app/forbidden.tsx with status 403 (the admin guard).
  experimental: { serverActions: { bodySizeLimit: '12mb' }, authInterrupts: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};
export default nextConfig;
