// runChecks: a check that throws on what the learner's code answered is the learner's failed check,
// never an INTERNAL_ERROR; a check that throws on the reference's answers too, or a failing
// reference, stays our error.
import type { ExerciseMeta } from '@tyinglab/exercise-format';
import { z } from 'zod';
import type { ExerciseChecks } from '../checks/types';
import type { ProbeAnswers } from '../sandbox/protocol';
import { InternalCheckError, runChecks, UNHANDLED_ANSWER_MESSAGE } from './run-checks';

const meta = { tolerance: { atol: 0, rtol: 0 }, checks: [{ name: 'same-length', title: 'Same length', visibility: 'hidden', points: 2 }] } as unknown as ExerciseMeta;
const answer = (value: unknown): ProbeAnswers => ({ p: { ok: true, value, ms: 1 } });

// A check with a bug a learner can reach: it indexes the reference by the learner's length.
const fragile: ExerciseChecks<unknown> = {
  makePlan: () => null,
  checks: {
    'same-length': (ctx) => {
      const mine = ctx.learner('p', z.array(z.number()));
      const ref = ctx.reference('p', z.array(z.number()));
      const diffs = mine.map((v, i) => Math.abs(v - ref[i]!.valueOf()));
      return { passed: diffs.every((d) => d === 0), message: `max difference ${Math.max(0, ...diffs)}` };
    },
  },
};

describe('runChecks and checks that throw', () => {
  it('fails the check (not an internal error) when only the learner\'s answer makes it throw', () => {
    const [r] = runChecks(meta, fragile, null, answer([1, 2, 3]), answer([1]));
    expect(r).toMatchObject({ name: 'same-length', passed: false, points: 0, message: UNHANDLED_ANSWER_MESSAGE });
    expect(runChecks(meta, fragile, null, answer([1]), answer([1]))[0]).toMatchObject({ passed: true, points: 2 });
  });

  it('stays an internal error when the check throws on the reference\'s answers too, or the reference is unusable', () => {
    const broken: ExerciseChecks<unknown> = { makePlan: () => null, checks: { 'same-length': () => { throw new TypeError('bug'); } } };
    expect(() => runChecks(meta, broken, null, answer([1]), answer([1]))).toThrow(InternalCheckError);
    expect(() => runChecks(meta, fragile, null, answer([1]), answer(['not a number']))).toThrow(/reference answer/);
  });
});
