// Next.js configuration for the Tying Lab site. The workspace packages are consumed as TypeScript
// source, so Next transpiles them; native/database modules stay external (loaded by Node at run time).
import path from 'node:path';
import type { NextConfig } from 'next';

const monorepoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@tyinglab/contract', '@tyinglab/db', '@tyinglab/exercise-format'],
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', '@prisma/client'],
  outputFileTracingRoot: monorepoRoot,
  turbopack: { root: monorepoRoot },
  async headers() {
    return [
      {
        // Basic hardening for every response: no MIME sniffing, no framing (clickjacking on the
        // submit button), no full URLs leaked to other sites.
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
