// Types shared by the check library, exercise checks.ts files and the grading loop.
import type { CheckResult, CheckVisibility, Fact, Plot } from '@tyinglab/contract';
import type { LeaderboardMetricKind } from '@tyinglab/exercise-format';
import type { z } from 'zod';
import type { ProbeAnswers } from '../sandbox/protocol';
import type { Rng } from '../util/rng';

/** A check's verdict (name, points, message, facts, plots): the results contract's definition. */
export type { CheckResult, CheckVisibility, Fact, Plot };

/** What a check function returns; the grader adds name/title/points from exercise.json. */
export interface CheckOutcome {
  passed: boolean;
  /** Learner-facing; never echoes hidden inputs or raw stderr. */
  message: string;
  /** Partial credit in [0,1]; defaults to 1 when passed, 0 otherwise. */
  fraction?: number;
  /** Shown beside the check, each value with a human label (see fact() in display.ts). */
  facts?: Fact[];
  /** Drawn beside the check (see linePlot() in display.ts); nothing else in an outcome is drawn. */
  plots?: Plot[];
  /**
   * Measurements for code: exercise checks that build on a library check, and tests. Never stored
   * or shown (what the learner sees is the message, facts and plots).
   */
  details?: Record<string, unknown>;
  /**
   * Trusted measurements a course leaderboard may show next to the score, by kind (computed here
   * from validated answers, never taken from them). The grader keeps only the kind an exercise
   * declares in `leaderboardMetric`, and only when this check passed in full; never shown beside
   * the check.
   */
  metrics?: CheckMetrics;
}

export type CheckMetrics = Partial<Record<LeaderboardMetricKind, number>>;

/** The learner's answer for a probe is missing, threw, or is malformed: the check fails with `message`. */
export class AnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerError';
  }
}

export interface CheckContext<Plan> {
  plan: Plan;
  tolerance: { atol: number; rtol: number };
  /** The learner's validated answer for `probe`; throws AnswerError (-> failed check) otherwise. */
  learner<T>(probe: string, schema: z.ZodType<T>): T;
  /** The reference solution's answer (trusted); a failure here is an internal error. */
  reference<T>(probe: string, schema: z.ZodType<T>): T;
}

export type CheckFn<Plan> = (ctx: CheckContext<Plan>) => CheckOutcome;

/**
 * What a visible check sees: the plan and the learner's own answers, never the reference. Visible
 * checks run in the learner's browser on a public plan (and again on the server for the grade), so
 * they may only use self-consistency properties and public formulas (docs/trust-model.md).
 */
export type VisibleCheckContext<Plan> = Omit<CheckContext<Plan>, 'reference'>;
export type VisibleCheckFn<Plan> = (ctx: VisibleCheckContext<Plan>) => CheckOutcome;
export type VisibleChecks<Plan> = Record<string, VisibleCheckFn<Plan>>;

/** What an exercise's checks.ts exports as default. */
export interface ExerciseChecks<Plan> {
  /** Builds the probe plan (inputs, weights, data) from the per-run RNG. Plain JSON only. */
  makePlan(rng: Rng): Plan;
  /** One function per check name in exercise.json. */
  checks: Record<string, CheckFn<Plan>>;
}

export function defineChecks<Plan>(def: ExerciseChecks<Plan>): ExerciseChecks<Plan> {
  return def;
}

/** What an exercise's visible-checks.ts exports as default: one function per visible check name. */
export function defineVisibleChecks<Plan>(checks: VisibleChecks<Plan>): VisibleChecks<Plan> {
  return checks;
}

export type { ProbeAnswers };
