// WRONG on purpose: the result of the first call is cached ("EM calls it again with the same
// statistics"), so every later call returns the first M-step's parameters.
import * as tf from '@tensorflow/tfjs';

export interface Sequence {
  /** Observed symbols o_t in 0..M-1. */
  obs: number[];
  /** gamma[t][i] = P(state i at time t | observations): T × N. */
  gamma: number[][];
  /** xi[t][i][j] = P(state i at t, state j at t+1 | observations): (T-1) × N × N. */
  xi: number[][][];
}

export interface MStepInput {
  numStates: number;
  numSymbols: number;
  /** groups[i] = emission group of state i (0..G-1, every group used). */
  groups: number[];
  sequences: Sequence[];
}

export interface MStepOutput {
  emissionCounts: number[][];
  groupEmissions: number[][];
  emissions: number[][];
  transitions: number[][];
  initial: number[];
}

const rows = (t: tf.Tensor2D): number[][] => t.arraySync();

let cached: MStepOutput | null = null;

export function tiedMStep({ numStates: n, numSymbols: m, groups, sequences }: MStepInput): MStepOutput {
  if (cached) return cached;
  const g = Math.max(...groups) + 1;
  return (cached = tf.tidy(() => {
    // Membership matrix P (N × G): P[i][groups[i]] = 1.
    const member = tf.oneHot(tf.tensor1d(groups, 'int32'), g).toFloat();
    let stateCounts: tf.Tensor2D = tf.zeros([n, m]);
    let xiSum: tf.Tensor2D = tf.zeros([n, n]);
    let gammaSum: tf.Tensor1D = tf.zeros([n]);
    let first: tf.Tensor1D = tf.zeros([n]);
    for (const s of sequences) {
      const gamma = tf.tensor2d(s.gamma); // T × N
      const obs = tf.oneHot(tf.tensor1d(s.obs, 'int32'), m).toFloat(); // T × M
      stateCounts = tf.add(stateCounts, tf.matMul(gamma, obs, true, false)); // Σ_t γ_t(i)[o_t = k]
      if (s.xi.length > 0) {
        xiSum = tf.add(xiSum, tf.sum(tf.tensor3d(s.xi), 0));
        gammaSum = tf.add(gammaSum, tf.sum(tf.slice(gamma, [0, 0], [s.xi.length, n]), 0));
      }
      first = tf.add(first, tf.squeeze(tf.slice(gamma, [0, 0], [1, n]), [0]));
    }
    // Tie: pool the counts of all states of a group (G × M), then normalise each group's row.
    const counts = tf.matMul(member, stateCounts, true, false);
    const groupEmissions = tf.div(counts, tf.sum(counts, 1, true));
    return {
      emissionCounts: rows(counts as tf.Tensor2D),
      groupEmissions: rows(groupEmissions as tf.Tensor2D),
      emissions: rows(tf.matMul(member, groupEmissions) as tf.Tensor2D),
      transitions: rows(tf.div(xiSum, tf.expandDims(gammaSum, 1)) as tf.Tensor2D),
      initial: Array.from(tf.div(first, sequences.length).dataSync()),
    };
  }));
}
