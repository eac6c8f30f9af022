// JSON shapes the browser receives from the API and from server components (dates as ISO strings).
// Client components import these types only; they never import the database package. Statuses,
// reasons and check results are the results contract's (@tyinglab/contract), re-exported here.
import type { CheckResult, SubmissionReason, SubmissionStatus } from '@tyinglab/contract';
import type { Leaderboard } from '@tyinglab/db';

export { isTerminalStatus, type CheckResult, type SubmissionReason, type SubmissionStatus } from '@tyinglab/contract';

export type Difficulty = 'intro' | 'core' | 'advanced';

export interface ExerciseSummaryJson {
  slug: string;
  title: string;
  summary: string;
  difficulty: string;
  concepts: string[];
  points: number;
  position: number;
}

export interface ExerciseCheckJson {
  name: string;
  title: string;
  visibility: string;
  points: number;
}

export interface SubmissionViewJson {
  id: string;
  exerciseSlug: string;
  status: SubmissionStatus;
  score: number | null;
  /** Learner-facing text for NOT_GRADABLE / INTERNAL_ERROR (never internal diagnostics). */
  message: string | null;
  reason: SubmissionReason | null;
  createdAt: string;
  finishedAt: string | null;
  queuePosition: number | null;
  /** Only for GRADED; each with the facts and plots its check declared. */
  checks: CheckResult[];
}

export interface SubmissionSummaryJson {
  id: string;
  status: SubmissionStatus;
  score: number | null;
  createdAt: string;
  /** The learner's n-th attempt at the exercise; null for an ending that cost no attempt (NOT_GRADABLE, INTERNAL_ERROR). */
  attempt: number | null;
}

/** One page of a learner's history (GET /api/submissions?exerciseSlug=…&before=…), newest first. */
export interface SubmissionPageJson {
  submissions: SubmissionSummaryJson[];
  /** Older submissions exist; ask with before = the last id of this page. */
  more: boolean;
}

/** The signed-in learner's progress on one exercise (catalogue, exercise page, /progress). */
export interface ExerciseProgressJson {
  exerciseSlug: string;
  /** Submissions that counted as attempts: NOT_GRADABLE and INTERNAL_ERROR endings never do. */
  attempts: number;
  bestScore: number | null;
  solved: boolean;
  lastSubmittedAt: string;
}

/** The learner's saved editor text for one exercise (GET/PUT /api/drafts/<slug>). */
export interface DraftJson {
  code: string;
  updatedAt: string;
}

export interface SubmissionDetailJson extends SubmissionViewJson {
  code: string;
}

export interface UserJson {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

/**
 * A leaderboard as GET /api/courses/{slug}/leaderboard answers it: the data layer's shape (a type
 * only; its dates are ISO strings already), without the `state` a hidden board is told apart by.
 */
export type LeaderboardJson = Omit<Extract<Leaderboard, { state: 'shown' }>, 'state'>;
