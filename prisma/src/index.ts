// @tyinglab/db — the only package that creates a Prisma client. Everything else imports from here.
export { getDb, createDb, disconnectDb, getProvider, providerOfDb, type Db, type Tx } from './client';
export { databaseUrl, defaultSqliteUrl, findRepoRoot, providerOf, type Provider } from './env';
export { migrateDatabase, listMigrations, type MigrateResult } from './migrate';
export { DbError, type DbErrorCode } from './data/errors';
export { hashPassword, verifyPassword } from './data/passwords';
export { authenticate, createUser, normaliseEmail, type PublicUser, type UserRole } from './data/users';
export { createSession, deleteSession, getUserBySessionToken, SESSION_TTL_MS } from './data/sessions';
export {
  syncExercises,
  listExercises,
  getExerciseBySlug,
  type ExerciseSyncInput,
  type SyncReport,
  type ExerciseSummary,
  type ExerciseDetail,
  type ExerciseCheckInfo,
} from './data/exercises';
export { createSubmission, SUBMISSION_CODE_MAX_BYTES, SUBMISSION_RATE_LIMIT } from './data/create-submission';
export { claimNextSubmission, type ClaimedSubmission, type ClaimOptions } from './data/claim-next-submission';
export { completeSubmission, renewLease, releaseSubmission, type CheckResultInput, type FinalOutcome } from './data/grading-results';
export {
  getSubmissionForViewer,
  listSubmissionsForUser,
  TERMINAL_STATUSES,
  type SubmissionView,
  type SubmissionSummary,
  type CheckResultView,
  type SubmissionStatusName,
} from './data/submission-views';
export { seedDemo, DEMO_ACCOUNTS, DEMO_COURSE, type SeedReport } from './data/seed-demo';
export { createTestDatabase, postgresAvailable, testProviders, type TestDatabase } from './testing';
