// The web app's one door to @tyinglab/db: every database call the site makes goes through here,
// and results leave as the JSON shapes of lib/wire.ts (dates as ISO strings, internal text removed).
import 'server-only';
import {
  authenticate,
  createSession,
  createSubmission,
  DbError,
  deleteSession,
  getExerciseBySlug,
  getSubmissionForViewer,
  getUserBySessionToken,
  listExercises,
  listSubmissionsForUser,
  SUBMISSION_CODE_MAX_BYTES,
  type PublicUser,
  type SubmissionSummary,
  type SubmissionView,
} from '@tyinglab/db';
import { AppError } from './app-error';
import {
  isTerminalStatus,
  SUBMISSION_STATUSES,
  toIsoString,
  type CheckResultJson,
  type ExerciseCheckJson,
  type ExerciseSummaryJson,
  type SubmissionStatus,
  type SubmissionDetailJson,
  type SubmissionSummaryJson,
  type SubmissionViewJson,
  type UserJson,
} from '../lib/wire';

export { SUBMISSION_CODE_MAX_BYTES };
export type { PublicUser };


export interface ExerciseDetailJson extends ExerciseSummaryJson {
  statement: string;
  starter: string;
  /** Version of the exercise folder; the in-browser checks refuse to run against another version. */
  contentHash: string;
  checks: ExerciseCheckJson[];
  limits: { timeMs: number; memoryMb: number } | null;
}

// ---- users & sessions ----

export function toUserJson(user: PublicUser): UserJson {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}

export async function signIn(email: string, password: string): Promise<{ user: PublicUser; token: string; expiresAt: Date } | null> {
  const user = await authenticate(email, password);
  if (!user) return null;
  const session = await createSession(user.id);
  return { user, ...session };
}

export async function userForSessionToken(token: string | undefined): Promise<PublicUser | null> {
  if (!token) return null;
  return getUserBySessionToken(token);
}

export async function signOut(token: string): Promise<void> {
  await deleteSession(token);
}

// ---- exercises ----

export async function catalogue(): Promise<ExerciseSummaryJson[]> {
  const rows = await listExercises();
  return rows.map((e) => ({
    slug: e.slug,
    title: e.title,
    summary: e.summary,
    difficulty: e.difficulty,
    concepts: [...e.concepts],
    points: e.points,
    position: e.position,
  }));
}

export async function exerciseDetail(slug: string): Promise<ExerciseDetailJson | null> {
  const e = await getExerciseBySlug(slug);
  if (!e) return null;
  return {
    slug: e.slug,
    title: e.title,
    summary: e.summary,
    difficulty: e.difficulty,
    concepts: [...e.concepts],
    points: e.points,
    position: e.position,
    statement: e.statement,
    starter: e.starter,
    contentHash: e.contentHash,
    checks: e.checks.map((c) => ({ name: c.name, title: c.title, visibility: c.visibility, points: c.points })),
    limits: e.limits ?? null,
  };
}

// ---- submissions ----

/** Writes the QUEUED row (durable before this resolves); data-layer refusals become AppErrors. */
export async function submit(user: PublicUser, exerciseSlug: string, code: string): Promise<{ id: string }> {
  try {
    return await createSubmission({ userId: user.id, exerciseSlug, code });
  } catch (err) {
    if (err instanceof DbError) {
      if (err.code === 'UNKNOWN_EXERCISE') throw new AppError('NOT_FOUND', `There is no exercise "${exerciseSlug}".`);
      if (err.code === 'RATE_LIMITED') throw new AppError('RATE_LIMITED', err.message, { retryAfterSeconds: err.retryAfterSeconds });
      if (err.code === 'CODE_TOO_LARGE') {
        throw new AppError('PAYLOAD_TOO_LARGE', `Submissions are limited to ${Math.floor(SUBMISSION_CODE_MAX_BYTES / 1000)} KB of code.`);
      }
    }
    throw err;
  }
}

function asStatus(status: string): SubmissionStatus {
  return (SUBMISSION_STATUSES as readonly string[]).includes(status) ? (status as SubmissionStatus) : 'INTERNAL_ERROR';
}

function asDetails(details: unknown): Record<string, unknown> | null {
  return typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as Record<string, unknown>) : null;
}

export function toSubmissionViewJson(view: SubmissionView): SubmissionViewJson {
  const status = asStatus(view.status);
  const checks: CheckResultJson[] = view.checks.map((c) => ({
    name: c.name,
    title: c.title,
    points: c.points,
    maxPoints: c.maxPoints,
    passed: c.passed,
    message: c.message,
    visibility: c.visibility,
    details: asDetails(c.details),
  }));
  return {
    id: view.id,
    exerciseSlug: view.exerciseSlug,
    status,
    score: status === 'GRADED' ? (view.score ?? null) : null,
    // The data layer already replaces an INTERNAL_ERROR's diagnostics with learner-facing text.
    message: view.message ?? null,
    reason: view.reason ?? null,
    createdAt: toIsoString(view.createdAt) ?? new Date(0).toISOString(),
    finishedAt: isTerminalStatus(status) ? toIsoString(view.finishedAt) : null,
    queuePosition: status === 'QUEUED' ? (view.queuePosition ?? null) : null,
    checks: status === 'GRADED' ? checks : [],
  };
}

/** Status and results only (what the live stream sends on every change; no code). */
export async function submissionForViewer(id: string, viewer: PublicUser): Promise<SubmissionViewJson | null> {
  const view = await getSubmissionForViewer(id, viewer);
  return view ? toSubmissionViewJson(view) : null;
}

/** Status, results and the submitted code (GET /api/submissions/[id], "load this code"). */
export async function submissionWithCodeForViewer(id: string, viewer: PublicUser): Promise<SubmissionDetailJson | null> {
  const view = await getSubmissionForViewer(id, viewer);
  return view ? { ...toSubmissionViewJson(view), code: view.code } : null;
}

function toSummaryJson(s: SubmissionSummary): SubmissionSummaryJson {
  return {
    id: s.id,
    status: asStatus(s.status),
    score: s.score ?? null,
    createdAt: toIsoString(s.createdAt) ?? new Date(0).toISOString(),
  };
}

export async function submissionHistory(user: PublicUser, exerciseSlug: string): Promise<SubmissionSummaryJson[]> {
  const rows = await listSubmissionsForUser(user.id, exerciseSlug);
  return rows.map(toSummaryJson);
}
