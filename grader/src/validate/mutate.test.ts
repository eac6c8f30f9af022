// The mutator on a small solution: which mutants it makes, that their ids are stable, that a
// mutant that does not type-check is discarded, and that the capped selection favours the tying
// operators. Pure source-to-source: nothing is graded here (validate.test.ts grades).
import path from 'node:path';
import { analyzeSolution, instrumentSizeSites, mutantDiff, selectMutants, spreadOrder, typeCheckVariants, TYING_OPERATORS } from './mutate';

jest.setTimeout(60_000);

// A virtual file beside this test, so '@tensorflow/tfjs' resolves as it does for an exercise.
const FILE = path.join(__dirname, 'demo-solution.ts');
const SOURCE = `import * as tf from '@tensorflow/tfjs';

export function createLayer({ units }: { units: number }) {
  const w = tf.variable(tf.randomNormal([units, units], 0, 0.1));
  const b = tf.variable(tf.zeros([units]));
  return {
    weights: () => ({ w, b }),
    apply: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(x, w, false, true), b)),
    penalty: (x: tf.Tensor2D): tf.Tensor => tf.sum(tf.square(x)).mul(2),
  };
}
`;

const analysis = analyzeSolution(SOURCE, FILE);
// `units` as the public plan would show it: 4 at every size site.
const sizes = new Map(analysis.sizeSites.map((s) => [s.index, 4] as const));
const all = analysis.candidates(sizes);
const ids = all.map((m) => m.id);

describe('analyzeSolution', () => {
  it('type-checks the original and finds the size reads of the argument', () => {
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.sizeSites.map((s) => s.text)).toEqual(['units', 'units', 'units']);
    expect(instrumentSizeSites(SOURCE, analysis.sizeSites)).toContain('tf.zeros([__tyinglabSize(2, units)])');
  });

  it('makes the expected mutants, named by operator, position and excerpt', () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        // Every value use of a tf.Variable: split into a copy, detached, copied into a new variable.
        'untie@8:79 w',
        'detach@8:79 w',
        'copy-variable@8:79 w',
        'untie@8:96 b',
        // The argument's size, hard-coded to its public-plan value (kept inside the weight shape).
        'fixed-size@4:42 units',
        'fixed-size@4:49 units',
        'fixed-size@5:35 units',
        'sum-mean@9:45 tf.sum(tf.square(x))',
        'drop-right@8:59 tf.add(tf.matMul(x, w, false, t…',
        'drop-left@8:59 tf.add(tf.matMul(x, w, false, t…',
        'drop-right@9:45 tf.sum(tf.square(x)).mul(2)',
        'swap-op@8:59 tf.add(tf.matMul(x, w, false, t…',
        'swap-op@9:45 tf.sum(tf.square(x)).mul(2)',
        'stop-gradient@8:66 tf.matMul(x, w, false, true)',
        'drop-call@9:52 tf.square(x)',
        'flip-bool@8:89 true',
        'const-x2@9:70 2',
        'const-zero@9:70 2',
        'drop-tidy@8:45 tf.tidy(() => tf.add(tf.matMul(…',
      ]),
    );
    const byId = new Map(all.map((m) => [m.id, m]));
    expect(mutantDiff(SOURCE, byId.get('detach@8:79 w')!)).toBe(
      '- apply: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(x, w, false, true), b)),\n' +
        '+ apply: (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(x, __tyinglabDetach(w), false, true), b)),',
    );
    expect(byId.get('detach@8:79 w')!.source).toContain('function __tyinglabDetach<');
    expect(byId.get('fixed-size@5:35 units')!.source).toContain('tf.zeros([4])');
    expect(byId.get('sum-mean@9:45 tf.sum(tf.square(x))')!.source).toContain('tf.mean(tf.square(x)).mul(2)');
  });

  it('leaves initial values alone (the statement leaves them free) and never mutates the weights() record', () => {
    // Line 4 holds tf.randomNormal's mean and spread: only the shape's size reads are mutated there.
    expect(all.filter((m) => m.line === 4).map((m) => m.operator)).toEqual(['fixed-size', 'fixed-size']);
    expect(all.filter((m) => m.line === 7)).toEqual([]);
  });

  it('gives the same mutants, in the same order, every time', () => {
    const again = analyzeSolution(SOURCE, FILE).candidates(sizes);
    expect(again.map((m) => [m.id, m.source])).toEqual(all.map((m) => [m.id, m.source]));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+@\d+:\d+ \S/);
  });

  it('makes no fixed-size mutant for a site whose public-plan value is unknown', () => {
    expect(analysis.candidates().some((m) => m.operator === 'fixed-size')).toBe(false);
  });
});

describe('selectMutants', () => {
  it('discards mutants that do not type-check, and grades none of them', () => {
    const sel = selectMutants(analysis, all, 1000);
    const discarded = sel.discarded.map((d) => d.mutant.id);
    // tf.add(…, b) -> b returns a tf.Variable<Rank> where a Tensor2D is declared.
    expect(discarded).toContain('drop-left@8:59 tf.add(tf.matMul(x, w, false, t…');
    expect(sel.discarded.find((d) => d.mutant.id.startsWith('drop-left@8:59'))!.error).toMatch(/not assignable to type 'Tensor2D'|Tensor2D/);
    expect(sel.selected.some((m) => discarded.includes(m.id))).toBe(false);
    expect(typeCheckVariants(FILE, sel.selected.map((m) => m.source))).toEqual(sel.selected.map(() => null));
    expect(sel.selected.length + sel.discarded.length).toBeLessThanOrEqual(sel.candidates);
  });

  it('caps the selection deterministically, the tying operators first', () => {
    const six = selectMutants(analysis, all, 6).selected;
    expect(six.map((m) => m.id)).toEqual(selectMutants(analysis, all, 6).selected.map((m) => m.id));
    expect(six.every((m) => TYING_OPERATORS.has(m.operator))).toBe(true);
    const twenty = selectMutants(analysis, all, 20).selected;
    expect(twenty).toHaveLength(20);
    // Every operator with a candidate gets a turn before any takes a second non-tying pick.
    expect(new Set(twenty.map((m) => m.operator)).size).toBeGreaterThanOrEqual(10);
  });

  it('spreads each operator over the file', () => {
    expect(spreadOrder(5)).toEqual([0, 4, 2, 1, 3]);
    expect([...spreadOrder(9)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
