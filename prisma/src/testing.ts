// Fresh, migrated databases for tests: a temp SQLite file or a new PostgreSQL database on the
// configured server, each dropped afterwards. Integration tests use real databases, never mocks.
// Other packages' tests reach this module as `@tyinglab/db/testing`; production code never does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, disconnectDb, type Db } from './client';
import { isCi, setDatabaseUrlForTests, testPostgresAdminUrl, type Provider } from './env';
import { migrateDatabase } from './migrate';

export { isCi, type Provider } from './env';

export interface TestDatabase {
  provider: Provider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** Is the test PostgreSQL server reachable? Under CI the answer must be yes (throws otherwise). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if (isCi()) throw new Error(`PostgreSQL is required under CI but unreachable at ${testPostgresAdminUrl()}: ${(err as Error).message}`);
    return false;
  }
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  const name = `tl_test_${crypto.randomBytes(6).toString('hex')}`;
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyinglab-db-'));
    const url = `file:${path.join(dir, `${name}.db`)}`;
    await migrateDatabase(url);
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      async drop() {
        await db.$disconnect();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = testPostgresAdminUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateDatabase(url);
  const db = createDb(url);
  return {
    provider,
    url,
    db,
    async drop() {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The providers a data-layer test should run against here: always SQLite; PostgreSQL when reachable (always under CI). */
export async function testProviders(): Promise<Provider[]> {
  return (await postgresAvailable()) ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/**
 * Makes `t` the process-wide database: what getDb(), and so every data function called without a
 * client, uses from now on. For tests that drive code taking no client, such as route handlers.
 * Returns the undo (closes that process-wide connection); call it before `t.drop()`.
 */
export async function useAsProcessDatabase(t: TestDatabase): Promise<() => Promise<void>> {
  await disconnectDb();
  setDatabaseUrlForTests(t.url);
  return () => disconnectDb();
}
