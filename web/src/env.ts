// The one place in the web app that reads process.env: parsed once with zod, imported as typed values.
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** `auto`: mark the session cookie Secure when the request came over HTTPS (directly or via a proxy). */
  TL_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** How often the live-status stream re-reads a submission from the database. */
  TL_SSE_POLL_MS: z.coerce.number().int().min(50).max(10_000).default(250),
  /** Comment lines that keep idle proxies from closing the live-status stream. */
  TL_SSE_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
  /** A live-status stream closes after this long; the browser then falls back to polling. */
  TL_SSE_MAX_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
  /** Live-status streams one user may hold open in this process; more are refused with 429. */
  TL_SSE_MAX_PER_USER: z.coerce.number().int().min(1).max(1_000).default(8),
  /** Live-status streams one submission may have open in this process (its author's tabs, staff). */
  TL_SSE_MAX_PER_SUBMISSION: z.coerce.number().int().min(1).max(1_000).default(16),
  /** How often a course's live leaderboards re-read its cheap version (one poller per course per process). */
  TL_LEADERBOARD_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Live leaderboard streams one course may have open in this process (a whole class watching). */
  TL_LEADERBOARD_MAX_PER_COURSE: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /**
   * How many reverse proxies stand in front of the site (0 = none, the default). Only when this is
   * set are X-Forwarded-For/-Host/-Proto believed: without a proxy, any client can send them.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment for @tyinglab/web: ${details}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv();

/** This process's environment plus `extra`: for the real processes tests start (a grading worker). */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
