// The leaderboard metric of one graded run: the measurement the exercise's declared check made on
// the trusted side (CheckOutcome.metrics, of the declared kind), kept only when that check passed
// in full. Nothing the learner's code prints or returns is read here: the number comes from the
// check's own computation over validated answers (docs/leaderboards.md#the-metric).
import type { CheckResult } from '@tyinglab/contract';
import type { ExerciseMeta, LeaderboardMetricKind } from '@tyinglab/exercise-format';
import type { CheckFn, ExerciseChecks } from '../checks/types';

export interface SubmissionMetric {
  kind: LeaderboardMetricKind;
  value: number;
}

export interface MetricCapture<Plan> {
  /** The exercise's checks, with the declared metric check wrapped to remember its measurement. */
  checks: ExerciseChecks<Plan>;
  /** The metric of this run, given the results the checks produced; null when none counts. */
  metricFor(results: readonly CheckResult[]): SubmissionMetric | null;
}

/** Wraps the exercise's checks for one grading run (the trusted checks object itself is shared and left alone). */
export function captureLeaderboardMetric<Plan>(meta: ExerciseMeta, checks: ExerciseChecks<Plan>): MetricCapture<Plan> {
  const declared = meta.leaderboardMetric;
  const original = declared ? checks.checks[declared.check] : undefined;
  if (!declared || !original) return { checks, metricFor: () => null };
  let measured: number | undefined;
  const wrapped: CheckFn<Plan> = (ctx) => {
    // Each call starts afresh: run-checks may call a check again on the reference's answers (to tell
    // a learner-tripped check from a broken one); that call's check result is a failure, so its
    // measurement is never used either.
    measured = undefined;
    const outcome = original(ctx);
    measured = outcome.metrics?.[declared.kind];
    return outcome;
  };
  return {
    checks: { ...checks, checks: { ...checks.checks, [declared.check]: wrapped } },
    metricFor(results) {
      const result = results.find((r) => r.name === declared.check);
      if (!result || !result.passed || result.points < result.maxPoints) return null;
      if (measured === undefined || !Number.isFinite(measured) || measured < 0) return null;
      return { kind: declared.kind, value: measured };
    },
  };
}
