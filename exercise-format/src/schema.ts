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
  });

export type CheckMeta = z.infer<typeof checkMetaSchema>;
export type WrongMeta = z.infer<typeof wrongMetaSchema>;
export type ExerciseMeta = z.infer<typeof exerciseMetaSchema>;
