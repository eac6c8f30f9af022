// `npm run db:setup -w @tyinglab/db`: brings a database (default SQLite under data/, or DATABASE_URL)
// to a usable state: migrations applied, demo accounts and course seeded (credentials printed when
// they are created), exercises from exercises/ synced by content hash. Safe to run on every start.
import { loadExercises } from '@tyinglab/exercise-format';
import { disconnectDb, getDb } from '../client';
import { databaseUrl, providerOf } from '../env';
import { migrateDatabase } from '../migrate';
import { syncExercises } from '../data/exercises';
import { rebuildLeaderboardScores } from '../data/leaderboard-scores';
import { seedDemo } from '../data/seed-demo';

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

async function main(): Promise<void> {
  const url = databaseUrl();
  const migrated = await migrateDatabase(url);
  console.log(`[setup] ${providerOf(url)} database ${redact(url)}: ${migrated.applied.length} migration(s) applied, ${migrated.alreadyApplied.length} already present`);
  if (process.argv.includes('--migrate-only')) return;

  const seed = await seedDemo(getDb());
  if (seed.createdAccounts.length > 0) {
    console.log('[setup] Created demo accounts (sign in on the site at /signin):');
    for (const a of seed.createdAccounts) console.log(`          ${a.role.padEnd(10)} ${a.email}  password: ${a.password}`);
  }
  if (seed.courseCreated) console.log('[setup] Created the demo course "Parameter Tying 101" (join code TYING-101)');

  const report = await syncExercises(loadExercises(), getDb());
  console.log(
    `[setup] Exercises: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.archived.length} archived`,
  );
  // The precomputed leaderboard scores, recomputed from the submissions (after the sync: an exercise's
  // declared metric may have changed); this also fills them for databases older than the table.
  const boards = await rebuildLeaderboardScores(getDb());
  console.log(`[setup] Leaderboards: scores recomputed for ${boards.assignments} assignment(s)`);
}

main()
  .then(() => disconnectDb())
  .catch(async (err) => {
    console.error(`[setup] failed: ${(err as Error).message}`);
    await disconnectDb().catch(() => undefined);
    process.exit(1);
  });
