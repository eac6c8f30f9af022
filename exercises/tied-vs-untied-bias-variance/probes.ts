// Public glue: how the grader calls your estimators and your bias–variance decomposition. Runs in
// the sandbox, the grader and the browser. It only sees the plan (true values, noise level, a noise
// seed), never the grader's seed; the Monte-Carlo samples are regenerated here from the plan.
import * as tf from '@tensorflow/tfjs';
import { fromTensor, normalStream, type NumTensor } from '@tyinglab/grader/probe-kit';

/** One Monte-Carlo scenario: R replications of n noisy samples from each of K groups. */
export interface Scenario {
  /** "small spread" or "large spread". */
  label: string;
  /** The K true group values θ_k. */
  truth: number[];
  /** Noise standard deviation σ of one sample. */
  sigma: number;
  /** Samples per group n. */
  n: number;
  /** Replications R. */
  replications: number;
  /** Seed of the sample noise (the same samples for your code and the reference). */
  noiseSeed: number;
}

export interface Plan {
  /** A small explicit data set [R][K][n] and the λ values `estimate` is called with. */
  tiny: { samples: number[][][]; lambdas: number[] };
  /** The λ values of the Monte-Carlo sweep (0 = untied … 1 = fully tied). */
  lambdas: number[];
  scenarios: Scenario[];
}

interface Decomposition {
  bias2: unknown;
  variance: unknown;
  mse: unknown;
}
type Learner = {
  estimate: (samples: tf.Tensor3D, lambda: number) => tf.Tensor2D;
  decompose: (estimates: tf.Tensor2D, truth: tf.Tensor1D) => Decomposition;
};

export const requiredExports = ['estimate', 'decompose'];

/** x[r][k][i] = θ_k + σ·ε, row-major [R, K, n]. */
function scenarioSamples(sc: Scenario): Float32Array {
  const k = sc.truth.length;
  const out = new Float32Array(sc.replications * k * sc.n);
  const next = normalStream(sc.noiseSeed);
  let j = 0;
  for (let r = 0; r < sc.replications; r++) {
    for (let g = 0; g < k; g++) {
      for (let i = 0; i < sc.n; i++) out[j++] = sc.truth[g]! + sc.sigma * next();
    }
  }
  return out;
}

function callEstimate(learner: unknown, samples: tf.Tensor3D, lambda: number): NumTensor {
  const [r, k] = samples.shape;
  const est = fromTensor((learner as Learner).estimate(samples, lambda), `estimate(samples, ${lambda})`);
  if (est.shape.length !== 2 || est.shape[0] !== r || est.shape[1] !== k) {
    throw new Error(`estimate(samples, ${lambda}) returned shape [${est.shape.join(', ')}]; for samples of shape [${samples.shape.join(', ')}] it must be [R, K] = [${r}, ${k}]`);
  }
  return est;
}

/** A plain number, or a one-value tensor read back (a common slip, accepted). */
function scalar(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (v instanceof tf.Tensor && v.size === 1) return v.dataSync()[0]!;
  throw new Error(`decompose(...).${what} must be a number (read a scalar tensor back with .dataSync()[0])`);
}

export const probes = {
  /** estimate(samples, λ) on the plan's small data set, for each λ of `tiny.lambdas`. */
  estimates(learner: unknown, plan: Plan) {
    const { samples, lambdas } = plan.tiny;
    return lambdas.map((lambda) => ({ lambda, estimate: callEstimate(learner, tf.tensor3d(samples), lambda) }));
  },

  /**
   * The Monte-Carlo experiment: for each scenario, the samples are drawn once; for each λ of the
   * sweep, your estimate(samples, λ) is decomposed by your decompose(estimates, truth).
   */
  experiment(learner: unknown, plan: Plan) {
    return plan.scenarios.map((sc) => {
      const data = scenarioSamples(sc);
      const shape: [number, number, number] = [sc.replications, sc.truth.length, sc.n];
      const rows = plan.lambdas.map((lambda) =>
        tf.tidy(() => {
          // Fresh tensors per call, so nothing your code does to them leaks into the next λ.
          const est = callEstimate(learner, tf.tensor3d(data, shape), lambda);
          const d = (learner as Learner).decompose(tf.tensor2d(est.data, est.shape as [number, number]), tf.tensor1d(sc.truth));
          if (!d || typeof d !== 'object') throw new Error('decompose must return an object { bias2, variance, mse }');
          return { lambda, bias2: scalar(d.bias2, 'bias2'), variance: scalar(d.variance, 'variance'), mse: scalar(d.mse, 'mse') };
        }),
      );
      return { label: sc.label, rows };
    });
  },
};
