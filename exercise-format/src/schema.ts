// Strict schema for `exercises/<slug>/exercise.json`. Unknown keys are errors, so a typo in the
// content fails loudly instead of being silently ignored.
import { z } from 'zod';

const slugRe = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const checkMetaSchema = z.strictObject({
  /** Stable id used by checks.ts, wrong/ annotations and stored results (kebab-case). */
  name: z.string().regex(slugRe, 'must be kebab-case, e.g. "param-count"'),
  /** Short learner-facing title. */
  title: z.string().min(1),
  /** Visible checks may run in the learner's browser; hidden ones only on the server. */
  visibility: z.enum(['visible', 'hidden']),
  /** Points awarded when the check passes fully. */
  points: z.number().positive(),
});

export const wrongMetaSchema = z.strictObject({
  /** Path relative to the exercise folder, e.g. "wrong/valid-padding.ts". */
  file: z.string().regex(/^wrong\/[A-Za-z0-9._-]+\.ts$/, 'must look like "wrong/<name>.ts"'),
  /** The check that must fail for this file. */
  failsCheck: z.string().min(1),
  /** One sentence describing the mistake. */
  mistake: z.string().min(1),
});

export const rightMetaSchema = z.strictObject({
  /** Path relative to the exercise folder, e.g. "right/layers-api.ts". */
  file: z.string().regex(/^right\/[A-Za-z0-9._-]+\.ts$/, 'must look like "right/<name>.ts"'),
  /** One line: how this correct solution differs from the reference. */
  approach: z.string().min(1),
});

/** A mutant's id as `grader validate` prints it: `<operator>@<line>:<column> <excerpt>`. */
const mutantIdSchema = z.string().regex(/^[a-z0-9-]+@\d+:\d+ /, 'must be a mutant id as `grader validate` prints it, e.g. "detach@24:53 kernel"');

/**
 * Surviving mutants of solution.ts, accounted for (docs/check-library.md, "Mutation testing").
 * `equivalent`: the mutant computes what the statement asks for (no check could or should kill
 * it). `pending`: a real gap in the checks, not closed yet; it counts against the mutation score.
 */
export const mutantRecordsSchema = z.strictObject({
  equivalent: z.array(z.strictObject({ id: mutantIdSchema, reason: z.string().min(1) })).optional(),
  pending: z.array(z.strictObject({ id: mutantIdSchema, why: z.string().min(1) })).optional(),
});

/**
 * What a course leaderboard may show next to the score, measured by the trusted grader (never a
 * number the learner's code reports). `relative-error`: ‖yours − reference‖₂ / ‖reference‖₂ over
 * everything a reference comparison compared; `trainable-parameters`: the parameters the learner's
 * model declares, counted by the parameter-count check. Lower is better for both. The check library
 * emits each kind from the checks that measure it (docs/check-library.md#leaderboard-metrics).
 */
export const LEADERBOARD_METRIC_KINDS = ['relative-error', 'trainable-parameters'] as const;
export type LeaderboardMetricKind = (typeof LEADERBOARD_METRIC_KINDS)[number];

/**
 * An exercise's leaderboard metric (optional: exercises where the number could be gamed, or says
 * nothing, declare none; docs/leaderboards.md). Recorded for a submission only when `check` passed
 * in full.
 */
export const leaderboardMetricSchema = z.strictObject({
  kind: z.enum(LEADERBOARD_METRIC_KINDS),
  /** The check whose trusted measurement it is (one of `checks[].name`). */
  check: z.string().regex(slugRe, 'must be kebab-case'),
  /** Shown after the number, e.g. "relative error" or "parameters". */
  unit: z.string().min(1).max(40),
  better: z.literal('lower'),
  /** One sentence for learners next to the number: what it measures and why lower is better. */
  explanation: z.string().min(1).max(300),
  /** For reviewers, not shown: why the learner cannot game this number on this exercise. */
  rationale: z.string().min(1).max(1000),
});

export const exerciseMetaSchema = z
  .strictObject({
    slug: z.string().regex(slugRe, 'must be kebab-case'),
    title: z.string().min(1),
    summary: z.string().min(1),
    difficulty: z.enum(['intro', 'core', 'advanced']),
    concepts: z.array(z.string().regex(slugRe, 'concept tags must be kebab-case')).min(1),
    position: z.number().int().nonnegative(),
    points: z.number().positive(),
    limits: z.strictObject({
      timeMs: z.number().int().min(500).max(120_000),
      memoryMb: z.number().int().min(64).max(8192),
    }),
    tolerance: z.strictObject({ atol: z.number().nonnegative(), rtol: z.number().nonnegative() }),
    checks: z.array(checkMetaSchema).min(1),
    wrong: z.array(wrongMetaSchema),
    /** Alternative correct solutions, written differently from the reference; each must score 1. */
    right: z.array(rightMetaSchema).optional(),
    mutants: mutantRecordsSchema.optional(),
    leaderboardMetric: leaderboardMetricSchema.optional(),
  })
  .superRefine((meta, ctx) => {
    const names = new Set<string>();
    meta.checks.forEach((c, i) => {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: ['checks', i, 'name'], message: `duplicate check name "${c.name}"` });
      names.add(c.name);
    });
    meta.wrong.forEach((w, i) => {
      if (!names.has(w.failsCheck)) {
        ctx.addIssue({ code: 'custom', path: ['wrong', i, 'failsCheck'], message: `"${w.failsCheck}" is not one of the checks (${[...names].join(', ')})` });
      }
    });
    const files = new Set<string>();
    (meta.right ?? []).forEach((r, i) => {
      if (files.has(r.file)) ctx.addIssue({ code: 'custom', path: ['right', i, 'file'], message: `"${r.file}" is listed twice` });
      files.add(r.file);
    });
    const ids = new Set<string>();
    const records = [...(meta.mutants?.equivalent ?? []).map((r, i) => ['equivalent', i, r.id] as const), ...(meta.mutants?.pending ?? []).map((r, i) => ['pending', i, r.id] as const)];
    for (const [kind, i, id] of records) {
      if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['mutants', kind, i, 'id'], message: `mutant "${id}" is recorded twice` });
      ids.add(id);
    }
    const metric = meta.leaderboardMetric;
    if (metric) {
      const check = meta.checks.find((c) => c.name === metric.check);
      if (!check) {
        ctx.addIssue({ code: 'custom', path: ['leaderboardMetric', 'check'], message: `"${metric.check}" is not one of the checks (${[...names].join(', ')})` });
      } else if (metric.kind === 'relative-error' && check.visibility !== 'hidden') {
        // A visible check never sees the reference: its "error" would compare the learner's code with
        // itself, a number the learner controls.
        ctx.addIssue({ code: 'custom', path: ['leaderboardMetric', 'check'], message: `a relative-error metric must come from a hidden check (one that compares with the reference); "${metric.check}" is visible` });
      }
    }
  });

export type CheckMeta = z.infer<typeof checkMetaSchema>;
export type WrongMeta = z.infer<typeof wrongMetaSchema>;
export type RightMeta = z.infer<typeof rightMetaSchema>;
export type MutantRecords = z.infer<typeof mutantRecordsSchema>;
export type ExerciseMeta = z.infer<typeof exerciseMetaSchema>;
export type LeaderboardMetricMeta = z.infer<typeof leaderboardMetricSchema>;
