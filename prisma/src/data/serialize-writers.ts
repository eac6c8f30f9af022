// Makes a read-then-write (count, then insert) atomic across every process that shares the
// database, on both providers. Call `lockKeys` first inside an interactive transaction; the lock is
// held until that transaction ends.
//   PostgreSQL: a transaction-scoped advisory lock per key (pg_advisory_xact_lock), so writers of
//     one key queue up while other keys go ahead; READ COMMITTED then shows each statement the
//     rows committed by the writer before.
//   SQLite: a no-op UPDATE as the first statement takes the database's single write lock at once
//     (other processes wait on the busy timeout). Taking it later, after a read, could fail with
//     SQLITE_BUSY_SNAPSHOT instead of waiting.
import type { Provider } from '../env';
import type { Tx } from '../client';

/** First key of the two-key advisory locks, one per kind of thing serialised (must stay distinct). */
export const LOCK_SPACE = { submissions: 727_301, signIn: 727_302 } as const;

/** Waiting for the lock can take a while under a burst; the default 2 s / 5 s would fail requests. */
export const SERIALIZED_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

export async function lockKeys(tx: Tx, provider: Provider, space: number, keys: readonly string[]): Promise<void> {
  if (provider === 'postgresql') {
    // Always in the same order, so two writers that need the same two keys cannot deadlock.
    for (const key of [...new Set(keys)].sort()) {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', space, key);
    }
    return;
  }
  await tx.$executeRawUnsafe('UPDATE "User" SET "id" = "id" WHERE 0');
}
