// evaluateCheck holds checks to the results contract: what a check declares to show must be
// drawable, or grading stops as our error (caught by `grader validate`, never shown to a learner).
import { RESULT_LIMITS } from '@tyinglab/contract';
import { linePlot } from '../checks/display';
import { AnswerError } from '../checks/types';
import { evaluateCheck, InternalCheckError } from './run-checks';

const meta = { name: 'trains', title: 'Trains like the reference', visibility: 'hidden' as const, points: 2 };
const plot = linePlot({ title: 'Training loss', xLabel: 'step', yLabel: 'loss', x: [0, 1], series: [{ name: 'your loss', values: [2, 1] }] });

describe('evaluateCheck', () => {
  it('keeps the declared facts and plots', () => {
    const r = evaluateCheck(meta, () => ({ passed: true, message: 'ok', facts: [{ label: 'steps', value: 2 }], plots: [plot] }));
    expect(r).toEqual({ name: 'trains', title: 'Trains like the reference', points: 2, maxPoints: 2, passed: true, message: 'ok', visibility: 'HIDDEN', facts: [{ label: 'steps', value: 2 }], plots: [plot] });
  });

  it('refuses a plot the site could not draw as a check bug', () => {
    const bad = { ...plot, series: [{ name: 'your loss', values: [2] }] };
    expect(() => evaluateCheck(meta, () => ({ passed: true, message: 'ok', plots: [bad] }))).toThrow(
      new InternalCheckError('check "trains" declared facts or plots the results contract refuses: plots.0.series.0.values: needs one value (or null) per x: 2, got 1'),
    );
    expect(() => evaluateCheck(meta, () => ({ passed: true, message: 'ok', facts: [{ label: 'spread', value: Number.NaN }] }))).toThrow(InternalCheckError);
  });

  it('bounds a message that quotes the learner at length, and fails an unusable answer without facts', () => {
    const long = evaluateCheck(meta, () => ({ passed: false, message: `unexpected weights ${'w'.repeat(RESULT_LIMITS.messageChars)}` }));
    expect(long.message).toHaveLength(RESULT_LIMITS.messageChars);
    expect(long.message.endsWith('…')).toBe(true);
    const unusable = evaluateCheck(meta, () => {
      throw new AnswerError('Your code returned unusable values in the "train" probe.');
    });
    expect(unusable).toMatchObject({ points: 0, passed: false, facts: [], plots: [] });
  });
});
