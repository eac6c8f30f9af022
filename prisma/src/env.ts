// The only module of @tyinglab/db that reads process.env. Resolves the database URL once.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .refine((u) => u.startsWith('file:') || u.startsWith('postgresql://') || u.startsWith('postgres://'), {
      message: 'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    })
    .optional(),
});

/** The monorepo root: the nearest folder upwards from `start` whose package.json declares workspaces. */
export function findRepoRoot(start = process.cwd()): string {
  // turbopackIgnore: a run-time lookup; without the hint Next's build traces the whole repo
  // (exercise solutions included) into the server output.
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ start);
    dir = parent;
  }
}

export type Provider = 'sqlite' | 'postgresql';

export function defaultSqliteUrl(): string {
  return `file:${path.join(findRepoRoot(), 'data', 'tyinglab.db')}`;
}

/** The configured database URL (SQLite file under data/ when DATABASE_URL is unset). */
export function databaseUrl(): string {
  const parsed = envSchema.safeParse({ DATABASE_URL: process.env.DATABASE_URL || undefined });
  if (!parsed.success) throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data.DATABASE_URL ?? defaultSqliteUrl();
}

export function providerOf(url: string): Provider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** Admin connection used by tests to create and drop their own PostgreSQL databases. */
export function testPostgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** True under CI: an unreachable PostgreSQL is then a failure, never a skip. */
export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

// Jest's global setup probes PostgreSQL once, in the parent process; the test workers it starts
// inherit the answer through the environment.
const PG_AVAILABLE = 'TL_PG_AVAILABLE';

export function recordTestPostgresAvailable(ok: boolean): void {
  process.env[PG_AVAILABLE] = ok ? '1' : '0';
}

/** False only when the global setup found PostgreSQL unreachable (unset counts as reachable). */
export function testPostgresRecordedAvailable(): boolean {
  return process.env[PG_AVAILABLE] !== '0';
}

/**
 * Tests that drive code which takes no client (the web's route handlers) point the process-wide
 * client at their own throwaway database; see `useAsProcessDatabase` in testing.ts.
 */
export function setDatabaseUrlForTests(url: string): void {
  process.env.DATABASE_URL = url;
}
