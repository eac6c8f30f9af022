// runProbe's scopes: tensors and variables a probe creates are disposed afterwards, while tensors a
// learner's module keeps for itself (built at load, or on first use and cached at module level)
// stay usable in every probe, as in plain TensorFlow.js. Unit level, then through the real sandbox.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { gradeSubmission } from '../grade/grade-submission';
import { initTf } from '../tf/init-tf';
import { runProbes, type ProbesModule } from './probe-runner';
import { runChild } from './runner';
import { evaluateModule, transpileTs } from './ts-module';

jest.setTimeout(120_000);

// An eager module-level constant, a constant built on first use and a cache by size: all three are
// what learners write for one-hot pickers and shift matrices.
const CACHING = `import * as tf from '@tensorflow/tfjs';
const eager = tf.tensor([1, 2]);
let lazy: tf.Tensor | null = null;
const bySize = new Map<number, tf.Tensor>();
export function f(x: number) {
  if (!lazy) lazy = tf.tensor([10, 20]);
  if (!bySize.has(2)) bySize.set(2, tf.oneHot(tf.tensor1d([1, 0], 'int32'), 2).sum(0));
  return tf.tidy(() => tf.add(tf.add(tf.add(eager, lazy!), bySize.get(2)!), x)).arraySync();
}
export function makeVariable() { return tf.variable(tf.zeros([3])).shape; }
`;

const probes: ProbesModule = {
  requiredExports: ['f'],
  probes: {
    first: (l) => (l.f as (x: number) => unknown)(1),
    second: (l) => (l.f as (x: number) => unknown)(2),
    variable: (l) => (l.makeVariable as () => unknown)(),
    third: (l) => (l.f as (x: number) => unknown)(3),
  },
};

describe('runProbes and the learner module', () => {
  let tf: Awaited<ReturnType<typeof initTf>>;
  beforeAll(async () => {
    tf = await initTf();
  });
  const load = () => evaluateModule(transpileTs(CACHING, 'submission.ts'), 'submission.ts', { '@tensorflow/tfjs': tf });

  it('with a module per probe, cached constants work in every probe and nothing is left behind', async () => {
    const learner = load();
    const before = tf.memory().numTensors;
    const vars = Object.keys(tf.engine().registeredVariables).length;
    const answers = await runProbes(tf, learner, probes, {}, 'submission.ts', load);
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.ok ? r.value : r.error]))).toEqual({
      first: [13, 24],
      second: [14, 25],
      variable: [3],
      third: [15, 26],
    });
    // Each probe's module, its caches and its variable went with the probe's scope.
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(vars);
  });

  it('without it, the scope of the first probe disposes what the module cached (the bug a module per probe fixes)', async () => {
    const answers = await runProbes(tf, load(), probes, {}, 'submission.ts');
    expect(answers.first).toMatchObject({ ok: true });
    expect(answers.second).toMatchObject({ ok: false });
  });

  it('reports an error thrown while the module is evaluated again as that probe failing, with the line', async () => {
    let loads = 0;
    const reload = () => {
      if (++loads === 2) return evaluateModule(transpileTs("\nthrow new Error('second load');\n", 'submission.ts'), 'submission.ts', {});
      return load();
    };
    const answers = await runProbes(tf, load(), probes, {}, 'submission.ts', reload);
    expect(answers.first).toMatchObject({ ok: true });
    expect(answers.second).toMatchObject({ ok: false, error: 'Error: second load (submission.ts line 2)', line: 2 });
    expect(answers.third).toMatchObject({ ok: true });
  });
});

describe('a cached module-level constant through the real sandbox (tied-conv2d)', () => {
  const def = loadExercise('tied-conv2d');
  const solution = readFileSync(path.join(def.dir, 'solution.ts'), 'utf8');

  it('scores a correct solution that multiplies by a constant cached at module level 1', async () => {
    // ones [1, 1, 1, C_out], built by the factory the first time a size is asked for and cached at
    // module level: correct, the same numbers, and fine in plain TensorFlow.js (no tidy around it).
    const cached = solution
      .replace('export function createTiedConv2d', 'const ones = new Map<number, tf.Tensor>();\nconst onesFor = (c: number) => ones.get(c) ?? (ones.set(c, tf.ones([1, 1, 1, c])), ones.get(c)!);\nexport function createTiedConv2d')
      .replace('  const bias = tf.variable(tf.zeros([outChannels]));', '  const bias = tf.variable(tf.zeros([outChannels]));\n  const one = onesFor(outChannels);')
      .replace("apply: (x) => tf.tidy(() => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias)),", "apply: (x) => tf.tidy(() => tf.mul(tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias), one)),");
    expect(cached).toContain('const one = onesFor(outChannels);');
    expect(cached).toContain('bias), one)),');
    const o = await gradeSubmission({ exercise: def, code: cached });
    expect(o.status === 'GRADED' ? o.checks.filter((c) => !c.passed).map((c) => [c.name, c.message]) : o).toEqual([]);
    expect(o).toMatchObject({ status: 'GRADED', score: 1 });
  });

  it('scores the Layers API solution (tf.layers.conv2d, trained on wasm) 1', async () => {
    const o = await gradeSubmission({ exercise: def, code: readFileSync(path.join(def.dir, 'right', 'layers-api.ts'), 'utf8') });
    expect(o).toMatchObject({ status: 'GRADED', score: 1 });
  });
});

describe('the contract probes and error advice inside the sandbox bundle', () => {
  // A layer with every mistake the contract probes exist for, and probes.ts as an exercise writes it.
  const learnerSource = `import * as tf from '@tensorflow/tfjs';
export function create() {
  const W = tf.variable(tf.ones([2, 2]));
  const extra = tf.variable(tf.zeros([2]));
  return {
    weights: () => ({ W }),
    apply: (x: tf.Tensor) => tf.add(tf.matMul(x, tf.tensor(W.dataSync(), W.shape)), extra),
    gradient: (x: tf.Tensor) => tf.grad((w: tf.Tensor) => tf.sum(tf.matMul(x, w)))(W),
  };
}
export function complexOp() { return tf.complex([1], [2]).shape; }
`;
  const probesSource = `import * as tf from '@tensorflow/tfjs';
import { autodiffUse, gradientReach, variableContract } from '@tyinglab/grader/probe-kit';
export const requiredExports = ['create'];
const x = () => tf.ones([1, 2]);
export const probes = {
  variables: (l: any) => variableContract(() => l.create(), (m: any) => { m.apply(x()); }),
  reach: (l: any) => { const m = l.create(); return gradientReach(m, () => tf.sum(m.apply(x()))); },
  autodiff: (l: any) => autodiffUse(() => l.create().gradient(x())).use,
  complex: (l: any) => l.complexOp(),
};
`;

  it('records variables, gradient reach and autodiff use of the learner code, and explains a missing kernel', async () => {
    const r = await runChild({ learnerSource, learnerFilename: 'submission.ts', probesSource, plan: {} });
    expect(r.kind).toBe('response');
    if (r.kind !== 'response' || r.response.kind !== 'answers') throw new Error(JSON.stringify(r));
    const a = r.response.probes;
    expect(a.variables).toMatchObject({ ok: true, value: { undeclaredTrainable: 1 } });
    expect(a.reach).toMatchObject({ ok: true, value: [{ name: 'W', reached: false }] });
    expect(a.autodiff).toMatchObject({ ok: true, value: { autodiff: 1, optimizer: 0, tampered: false } });
    expect(a.complex).toMatchObject({ ok: false, line: 11 });
    expect(a.complex!.ok ? '' : a.complex!.error).toContain("TensorFlow.js operation 'Complex' is not available on the grader's backend (wasm): complex numbers are not supported");
  });
});
