// Test fixture for the check factories (not exercise content): a dense layer y = x·W + b as a
// learner would write it, correct and with known mistakes, the probes an exercise would write for
// it with the probe kit, and a check context over the real answers of those probes on tfjs — so
// each factory is tested end to end: probe kit → answer → zod schema → library check → message.
import * as tf from '@tensorflow/tfjs';
import { validated } from '../../grade/run-checks';
import { applyTo, construct, declaredWeights, injectWeights, tensorRecord, toTensor, trainWithOptimizer, variableGradients, type NumTensor } from '../../probe-kit';
import { runProbes, type ProbesModule } from '../../sandbox/probe-runner';
import { Rng } from '../../util/rng';
import { randomTensor } from '../random';
import { AnswerError, type CheckContext, type CheckOutcome } from '../types';

export const IN = 3;
export const OUT = 2;
export const TOLERANCE = { atol: 1e-4, rtol: 1e-3 };

export interface Plan {
  /** Injected by name: W [IN, OUT], b [OUT]. */
  weights: Record<string, NumTensor>;
  /** A batch of one row and a batch of four. */
  inputs: { label: string; x: NumTensor }[];
  train: { x: NumTensor; y: NumTensor; learningRate: number; steps: number };
  /** L = sum(dY ⊙ apply(x)). */
  grad: { x: NumTensor; dY: NumTensor };
}

export function makePlan(seed = 'dense-layer'): Plan {
  const rng = new Rng(seed);
  return {
    weights: { W: randomTensor(rng, [IN, OUT], 0.5), b: randomTensor(rng, [OUT], 0.5) },
    inputs: [
      { label: 'one row', x: randomTensor(rng, [1, IN]) },
      { label: 'four rows', x: randomTensor(rng, [4, IN]) },
    ],
    train: { x: randomTensor(rng, [5, IN]), y: randomTensor(rng, [5, OUT]), learningRate: 0.1, steps: 4 },
    grad: { x: randomTensor(rng, [4, IN]), dY: randomTensor(rng, [4, OUT]) },
  };
}

/** The learner's mistake, if any. */
export type Mistake =
  | 'forgets-bias' // apply() is x·W: the bias is declared but never used
  | 'bias-on-first-row' // the bias reaches the first row only: right for one-row batches
  | 'bias-per-row' // one bias per row of the batch: the parameters change with the batch size
  | 'frozen-kernel' // W is not trainable
  | 'half-kernel-gradient'; // gradients() returns half of ∂L/∂W

interface Dense {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor2D): tf.Tensor2D;
  gradients(x: tf.Tensor2D, dY: tf.Tensor2D): Record<string, tf.Tensor>;
}

/** A learner module exporting createDense(), with the given mistake. */
export function denseLearner(mistake?: Mistake): Record<string, unknown> {
  const createDense = (): Dense => {
    const W = tf.variable(tf.randomNormal([IN, OUT]), mistake !== 'frozen-kernel');
    let b = tf.variable(tf.zeros([OUT]));
    const bias = (n: number): tf.Tensor => {
      if (mistake === 'forgets-bias') return tf.zeros([n, OUT]);
      if (mistake === 'bias-on-first-row') return tf.concat([tf.reshape(b, [1, OUT]), tf.zeros([n - 1, OUT])]);
      if (mistake === 'bias-per-row') {
        if (b.shape.length !== 2 || b.shape[0] !== n) b = tf.variable(tf.zeros([n, OUT]));
        return b;
      }
      return b;
    };
    return {
      weights: () => ({ W, b }),
      apply: (x) => tf.add(tf.matMul(x, W), bias(x.shape[0])) as tf.Tensor2D,
      gradients: (x, dY) => ({ W: tf.mul(tf.matMul(x, dY, true, false), mistake === 'half-kernel-gradient' ? 0.5 : 1), b: tf.sum(dY, 0) }),
    };
  };
  return { createDense };
}

const build = (learner: unknown): Dense => construct<Dense>(learner, 'createDense', {}, ['weights', 'apply', 'gradients']);
const t2 = (t: NumTensor) => toTensor(t) as tf.Tensor2D;

/** What an exercise's probes.ts would say for this layer. */
export const denseProbes: ProbesModule = {
  requiredExports: ['createDense'],
  probes: {
    declared(learner, plan) {
      const m = build(learner);
      return (plan as Plan).inputs.map(({ label, x }) => {
        applyTo(m, x);
        return { label, weights: declaredWeights(m) };
      });
    },
    injected(learner, plan) {
      const m = build(learner);
      injectWeights(m, (plan as Plan).weights);
      return (plan as Plan).inputs.map(({ label, x }) => ({ label, y: applyTo(m, x) }));
    },
    train(learner, plan) {
      const m = build(learner);
      const { x, y, learningRate, steps } = (plan as Plan).train;
      return trainWithOptimizer(m, { init: (plan as Plan).weights, optimizer: tf.train.sgd(learningRate), steps, loss: () => tf.losses.meanSquaredError(t2(y), m.apply(t2(x))) as tf.Scalar });
    },
    manualGrad(learner, plan) {
      const m = build(learner);
      injectWeights(m, (plan as Plan).weights);
      const { x, dY } = (plan as Plan).grad;
      return tensorRecord(m.gradients(t2(x), t2(dY)), 'gradients()');
    },
    autodiffGrad(learner, plan) {
      const m = build(learner);
      injectWeights(m, (plan as Plan).weights);
      const { x, dY } = (plan as Plan).grad;
      return variableGradients(m, () => tf.sum(tf.mul(t2(dY), m.apply(t2(x)))));
    },
  },
};

/** A check context over the real probe answers of `learner` and of the correct layer (the reference). */
export async function denseContext(learner: Record<string, unknown>, plan: Plan = makePlan()): Promise<CheckContext<Plan>> {
  const mine = await runProbes(tf, learner, denseProbes, plan, 'probes.ts');
  const ref = await runProbes(tf, denseLearner(), denseProbes, plan, 'probes.ts');
  return {
    plan,
    tolerance: TOLERANCE,
    learner: (probe, schema) => validated(mine, probe, schema, 'learner'),
    reference: (probe, schema) => validated(ref, probe, schema, 'reference'),
  };
}

/** A check's outcome as the grader records it: an unusable learner answer fails with its message. */
export function outcomeOf<C>(check: (ctx: C) => CheckOutcome, ctx: C): CheckOutcome {
  try {
    return check(ctx);
  } catch (e) {
    if (e instanceof AnswerError) return { passed: false, message: e.message };
    throw e;
  }
}
