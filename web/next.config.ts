// Next.js configuration for the Tying Lab site. The workspace packages are consumed as TypeScript
// source, so Next transpiles them; native/database modules stay external (loaded by Node at run time).
import path from 'node:path';
import type { NextConfig } from 'next';

const monorepoRoot = path.join(__dirname, '..');

const CHECK_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'";

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
      // Pages get a nonce-based Content-Security-Policy from src/proxy.ts; these paths are not pages.
      {
        // The in-browser check worker runs the learner's code (an indirect eval,
        // grader/src/browser/evaluate-in-worker.ts) on TensorFlow.js's wasm backend: a dedicated worker is governed by the policy delivered with its own script, so
        // only the worker gets 'unsafe-eval' and 'wasm-unsafe-eval', never a page. It fetches its
        // .wasm files and the exercise's public plan from this site, nothing else.
        source: '/check-worker/:path*',
        headers: [{ key: 'Content-Security-Policy', value: CHECK_WORKER_CSP }],
      },
      {
        // JSON and event streams: nothing in them may run or be framed.
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
