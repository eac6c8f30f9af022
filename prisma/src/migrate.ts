// Applies the committed SQL migrations (prisma/migrations/<provider>/<name>/migration.sql) in order.
// Why our own applier instead of `prisma migrate deploy`: the JS schema engine fails on PostgreSQL 15
// ("Column type 'name' could not be deserialized"), and spawning the CLI costs ~2 s per database.
// The SQL itself is still produced by `prisma migrate diff` (see CONTRIBUTING.md), so Prisma stays
// the source of truth for the schema; this file only records what ran, in `_tyinglab_migrations`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseUrl, providerOf, type Provider } from './env';

export const MIGRATIONS_ROOT = path.join(__dirname, '..', 'prisma', 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: Provider): Migration[] {
  const dir = path.join(MIGRATIONS_ROOT, provider);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateResult {
  provider: Provider;
  applied: string[];
  alreadyApplied: string[];
}

const LEDGER_DDL =
  'CREATE TABLE IF NOT EXISTS "_tyinglab_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)';

function checkEdited(m: Migration, recorded: string | undefined): void {
  if (recorded !== undefined && recorded !== m.checksum) {
    throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs). Write a new migration instead.`);
  }
}

/** Brings the database at `url` (default: the configured one) up to the latest migration. Idempotent. */
export async function migrateDatabase(url = databaseUrl()): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = listMigrations(provider);
  const applied: string[] = [];
  const alreadyApplied: string[] = [];

  if (provider === 'sqlite') {
    const file = url.replace(/^file:/, '');
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { timeout: 10_000 });
    try {
      // WAL persists in the file: readers never block the writer and inserts stay fast.
      db.pragma('journal_mode = WAL');
      db.exec(LEDGER_DDL);
      const done = new Map(
        (db.prepare('SELECT name, checksum FROM "_tyinglab_migrations"').all() as { name: string; checksum: string }[]).map((r) => [r.name, r.checksum]),
      );
      for (const m of migrations) {
        checkEdited(m, done.get(m.name));
        if (done.has(m.name)) {
          alreadyApplied.push(m.name);
          continue;
        }
        db.transaction(() => {
          db.exec(m.sql);
          db.prepare('INSERT INTO "_tyinglab_migrations" (name, checksum, "appliedAt") VALUES (?, ?, ?)').run(m.name, m.checksum, new Date().toISOString());
        })();
        applied.push(m.name);
      }
    } finally {
      db.close();
    }
    return { provider, applied, alreadyApplied };
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator at a time across processes (several workers may start together).
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(LEDGER_DDL);
    const rows = (await client.query('SELECT name, checksum FROM "_tyinglab_migrations"')).rows as { name: string; checksum: string }[];
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of migrations) {
      checkEdited(m, done.get(m.name));
      if (done.has(m.name)) {
        alreadyApplied.push(m.name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_tyinglab_migrations" (name, checksum, "appliedAt") VALUES ($1, $2, $3)', [m.name, m.checksum, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    await client.end();
  }
  return { provider, applied, alreadyApplied };
}
