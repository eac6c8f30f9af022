// The web app's one door to @tyinglab/db: every database call the site makes goes through here,
// and results leave as the JSON shapes of lib/wire.ts (dates as ISO strings, internal text removed).
import 'server-only';
import {
  attemptSignIn,
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
} from '@tyinglab/db';
import { DRAFT_CODE_MAX_BYTES, getDraft, getExerciseProgress, getLearnerOverview, saveDraft, type LearnerOverview } from '@tyinglab/db';
import {
  BOARD_NAME_MAX,
  getLeaderboard,
  getLeaderboardVersion,
  setLeaderboardSettings,
  setMyLeaderboardEntry,
  type Leaderboard,
  type LeaderboardMe,
  type LeaderboardRow,
} from '@tyinglab/db';
import {
  createAssignment,
  createCourse,
  createUser,
  getAssignmentDashboard,
  regradeSubmissions,
  type AssignmentDashboard,
  deleteCourse,
  getAssignmentForViewer,
  getCourseOverview,
  getGradebook,
  issuePasswordReset,
  joinCourse,
  listAssignmentsForViewer,
  listCoursesForUser,
  listRoster,
  removeCourseMember,
  resetPasswordWithToken,
  rotateJoinCode,
  setCourseMemberRole,
  setUserRole,
  type AssignmentView,
  type CourseOverview,
  type CourseSummary,
  type DbErrorCode,
  type Gradebook,
  type RosterEntry,
} from '@tyinglab/db';
import { AppError, type AppErrorCode } from './app-error';
import {
  type DraftJson,
  type ExerciseCheckJson,
  type ExerciseProgressJson,
  type ExerciseSummaryJson,
  type SubmissionPageJson,
  type SubmissionDetailJson,
  type SubmissionViewJson,
  type UserJson,
} from '../lib/wire';
import { toSubmissionSummaryJson, toSubmissionViewJson } from './submission-view';
import { tooManySignInsMessage } from '../lib/sign-in-messages';

export { DRAFT_CODE_MAX_BYTES, SUBMISSION_CODE_MAX_BYTES };
export type { LearnerOverview, PublicUser };


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

/**
 * Null for a wrong email or password; a throttled attempt (too many recent failures for this
 * account or this client address) is a RATE_LIMITED AppError carrying the wait, and its password
 * was never checked. `clientAddress` as determined by server/forwarded.ts.
 */
export async function signIn(
  email: string,
  password: string,
  clientAddress: string | null,
): Promise<{ user: PublicUser; token: string; expiresAt: Date } | null> {
  const attempt = await attemptSignIn({ email, password, address: clientAddress });
  if (attempt.outcome === 'THROTTLED') {
    throw new AppError('RATE_LIMITED', tooManySignInsMessage(attempt.retryAfterSeconds), { retryAfterSeconds: attempt.retryAfterSeconds });
  }
  if (attempt.outcome === 'INVALID') return null;
  const session = await createSession(attempt.user.id);
  return { user: attempt.user, ...session };
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
export async function submit(user: PublicUser, exerciseSlug: string, code: string, assignmentId?: string): Promise<{ id: string }> {
  try {
    return await createSubmission({ userId: user.id, exerciseSlug, code, ...(assignmentId ? { assignmentId } : {}) });
  } catch (err) {
    if (err instanceof DbError) {
      if (err.code === 'UNKNOWN_EXERCISE') throw new AppError('NOT_FOUND', `There is no exercise "${exerciseSlug}".`);
      if (err.code === 'RATE_LIMITED') throw new AppError('RATE_LIMITED', err.message, { retryAfterSeconds: err.retryAfterSeconds });
      if (err.code === 'CODE_TOO_LARGE') {
        throw new AppError('PAYLOAD_TOO_LARGE', `Submissions are limited to ${Math.floor(SUBMISSION_CODE_MAX_BYTES / 1000)} KB of code.`);
      }
    }
    // An assignment's refusals (not in the course, closed, cap used up) keep the data layer's words.
    throw appErrorFromDb(err);
  }
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

/** One page of the learner's history for an exercise: the newest, or the one before submission `before`. */
export async function submissionHistory(user: PublicUser, exerciseSlug: string, page: { before?: string } = {}): Promise<SubmissionPageJson> {
  const { submissions, more } = await listSubmissionsForUser(user.id, exerciseSlug, page);
  return { submissions: submissions.map(toSubmissionSummaryJson), more };
}

// ---- the learner's own work: progress and drafts ----

/** The learner's progress on every exercise they tried, or on one. */
export async function progressFor(user: PublicUser, exerciseSlug?: string): Promise<ExerciseProgressJson[]> {
  return getExerciseProgress(user.id, exerciseSlug !== undefined ? { exerciseSlug } : {});
}

/** Progress per exercise and the courses' assignments with the learner's standing (/progress). */
export async function learnerOverview(user: PublicUser): Promise<LearnerOverview> {
  return getLearnerOverview(user);
}

export async function draftFor(user: PublicUser, exerciseSlug: string): Promise<DraftJson | null> {
  const draft = await getDraft(user.id, exerciseSlug);
  return draft ? { code: draft.code, updatedAt: draft.updatedAt } : null;
}

export async function saveDraftFor(user: PublicUser, exerciseSlug: string, code: string): Promise<{ updatedAt: string }> {
  try {
    return await saveDraft({ userId: user.id, exerciseSlug, code });
  } catch (err) {
    if (err instanceof DbError && err.code === 'UNKNOWN_EXERCISE') throw new AppError('NOT_FOUND', `There is no exercise "${exerciseSlug}".`);
    if (err instanceof DbError && err.code === 'CODE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `Drafts are limited to ${Math.floor(DRAFT_CODE_MAX_BYTES / 1000)} KB of code, like submissions.`);
    throw appErrorFromDb(err);
  }
}

// ---- accounts, courses, assignments ----
// The data functions decide who may do what (course-access.ts in @tyinglab/db); here their refusals
// become the API's closed set of errors, and nothing else changes on the way.

export type { AssignmentDashboard, AssignmentView, CourseOverview, CourseSummary, Gradebook, RosterEntry };

const FROM_DB_ERROR: Record<DbErrorCode, AppErrorCode> = {
  UNKNOWN_EXERCISE: 'NOT_FOUND',
  CODE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  EMAIL_TAKEN: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID: 'VALIDATION',
};

/** A data-layer refusal as the API answers it (its message is written for the user); anything else passes through. */
export function appErrorFromDb(err: unknown): unknown {
  if (!(err instanceof DbError)) return err;
  const message = err.code === 'EMAIL_TAKEN' ? 'An account with this email already exists. Sign in, or ask your instructor for a password-reset link.' : err.message;
  return new AppError(FROM_DB_ERROR[err.code], message, err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {});
}

function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw appErrorFromDb(err);
    }
  };
}

/** Creates a STUDENT account and signs it in (a session, as at sign-in). */
export const signUp = guarded(async (input: { email: string; displayName: string; password: string }) => {
  const user = await createUser({ ...input, role: 'STUDENT' });
  const session = await createSession(user.id);
  return { user, ...session };
});

export const resetPassword = guarded((token: string, password: string) => resetPasswordWithToken(token, password));
export const changeUserRole = guarded((actor: PublicUser, email: string, role: PublicUser['role']) => setUserRole(actor, email, role));

export const courses = {
  listMine: guarded((actor: PublicUser): Promise<CourseSummary[]> => listCoursesForUser(actor)),
  create: guarded((actor: PublicUser, input: { slug: string; title: string; description?: string }) => createCourse(actor, input)),
  join: guarded((actor: PublicUser, joinCode: string) => joinCourse(actor, joinCode)),
  overview: guarded((actor: PublicUser, slug: string): Promise<CourseOverview> => getCourseOverview(actor, slug)),
  remove: guarded((actor: PublicUser, slug: string) => deleteCourse(actor, slug)),
  rotateJoinCode: guarded((actor: PublicUser, slug: string) => rotateJoinCode(actor, slug)),
  roster: guarded((actor: PublicUser, slug: string): Promise<RosterEntry[]> => listRoster(actor, slug)),
  setMemberRole: guarded((actor: PublicUser, slug: string, input: { email: string; role: RosterEntry['role'] }) => setCourseMemberRole(actor, slug, input)),
  removeMember: guarded((actor: PublicUser, slug: string, userId: string) => removeCourseMember(actor, slug, userId)),
  passwordResetLink: guarded((actor: PublicUser, slug: string, userId: string) => issuePasswordReset(actor, { courseSlug: slug, userId })),
  assignments: guarded((actor: PublicUser, slug: string): Promise<AssignmentView[]> => listAssignmentsForViewer(actor, slug)),
  assignment: guarded((actor: PublicUser, slug: string, id: string): Promise<AssignmentView> => getAssignmentForViewer(actor, slug, id)),
  createAssignment: guarded((actor: PublicUser, slug: string, input: Parameters<typeof createAssignment>[2]) => createAssignment(actor, slug, input)),
  gradebook: guarded((actor: PublicUser, slug: string): Promise<Gradebook> => getGradebook(actor, slug)),
  dashboard: guarded((actor: PublicUser, slug: string, id: string): Promise<AssignmentDashboard> => getAssignmentDashboard(actor, slug, id)),
  regrade: guarded((actor: PublicUser, slug: string, id: string, submissionId?: string) =>
    regradeSubmissions(actor, slug, { assignmentId: id, ...(submissionId ? { submissionId } : {}) }),
  ),
};

// ---- leaderboards ----
// The data layer decides who sees what (names, opt-outs, hidden and frozen boards); a board hidden
// from a student comes back as { state: 'hidden' }, which the API answers as 403 with a clear
// sentence and the page shows as such. Dates already travel as ISO strings.

export { BOARD_NAME_MAX };
export type { Leaderboard, LeaderboardMe, LeaderboardRow };

export const leaderboards = {
  board: guarded((actor: PublicUser, slug: string, assignmentId?: string): Promise<Leaderboard> => getLeaderboard(actor, slug, assignmentId !== undefined ? { assignmentId } : {})),
  /** The cheap fingerprint live boards poll; null once the course is gone. */
  version: (slug: string): Promise<string | null> => getLeaderboardVersion(slug),
  settings: guarded((actor: PublicUser, slug: string, input: { hidden?: boolean; frozenAt?: Date | null }) => setLeaderboardSettings(actor, slug, input)),
  mine: guarded((actor: PublicUser, slug: string, input: { name?: string | null; optOut?: boolean }) => setMyLeaderboardEntry(actor, slug, input)),
};
