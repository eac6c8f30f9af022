// Creates the Prisma client: one per process (a globalThis singleton so dev reloads don't leak
// connections). The provider is chosen at start-up from DATABASE_URL; both generated clients come
// from the same schema, so the SQLite client's type describes either. Other packages reach this
// module as `@tyinglab/db/client` (only processes that manage connections need it).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { databaseUrl, providerOf, type Provider } from './env';

export type { Provider } from './env';

export type Db = SqliteClient;
/** The client handed to `$transaction(async (tx) => …)` callbacks. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface Held {
  db: Db;
  url: string;
  provider: Provider;
}

// On globalThis, not in this module: a bundler may load this module more than once in one process
// (Next.js puts pages and route handlers in separate bundles), and every copy must find the one
// client and know its provider. A module-local registry made a client opened by a page unknown to a
// route handler's copy: signing in after opening the catalogue failed with providerOfDb's error.
const holder = globalThis as unknown as { __tyingLabDb?: Held; __tyingLabProviders?: WeakMap<Db, Provider> };

/** Opens a new client for `url`. Most code wants `getDb()`; tests open their own per database. */
export function createDb(url: string): Db {
  const provider = providerOf(url);
  const db =
    provider === 'sqlite'
      ? // timeout = SQLite busy timeout: concurrent writers wait instead of failing with SQLITE_BUSY.
        new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 15_000 }) })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db);
  providers.set(db, provider);
  return db;
}

const providers: WeakMap<Db, Provider> = (holder.__tyingLabProviders ??= new WeakMap<Db, Provider>());

/** The database behind a client (raw SQL must match it). */
export function providerOfDb(db: Db): Provider {
  const p = providers.get(db);
  if (!p) throw new Error('providerOfDb: client was not created by createDb()');
  return p;
}

/** The process-wide client for the configured database. */
export function getDb(): Db {
  const url = databaseUrl();
  if (!holder.__tyingLabDb || holder.__tyingLabDb.url !== url) {
    holder.__tyingLabDb = { db: createDb(url), url, provider: providerOf(url) };
  }
  return holder.__tyingLabDb.db;
}

export function getProvider(): Provider {
  return providerOf(databaseUrl());
}

export async function disconnectDb(): Promise<void> {
  const held = holder.__tyingLabDb;
  holder.__tyingLabDb = undefined;
  if (held) await held.db.$disconnect();
}
