// Node side of the in-browser checks: what the browser receives for one exercise. Built from the
// trusted exercise with a public seed, so the plan holds nothing the graded run uses.
import { Rng } from '../util/rng';
import { transpileTs } from '../sandbox/ts-transpile';
import type { TrustedExercise } from '../grade/trusted-exercise';
import type { VisibleExercise } from './visible-runner';

/** The seed of the public plan. Graded runs draw a random seed per submission instead (docs/trust-model.md). */
export const publicSeed = (slug: string): string => `public-plan:${slug}`;

export function visibleExerciseFor(trusted: TrustedExercise): VisibleExercise {
  const { meta } = trusted.def;
  return {
    slug: meta.slug,
    contentHash: trusted.def.contentHash,
    tolerance: meta.tolerance,
    checks: meta.checks.filter((c) => c.visibility === 'visible').map(({ name, title, points }) => ({ name, title, points })),
    hiddenChecks: meta.checks.filter((c) => c.visibility === 'hidden').length,
    probesJs: transpileTs(trusted.probesSource, 'probes.ts'),
    plan: trusted.checks.makePlan(new Rng(publicSeed(meta.slug))),
  };
}
