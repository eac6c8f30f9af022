// Right, written differently from the reference: all sequences are concatenated first, so each
// statistic is one tensor expression; the group rows are gathered by index (tf.gather) rather than
// through a membership matrix, and the last step of each sequence is masked out of the denominators.
import * as tf from '@tensorflow/tfjs';

interface Sequence {
  obs: number[];
  gamma: number[][];
  xi: number[][][];
}

export function tiedMStep({ numStates: N, numSymbols: M, groups, sequences }: { numStates: number; numSymbols: number; groups: number[]; sequences: Sequence[] }) {
  const G = Math.max(...groups) + 1;
  return tf.tidy(() => {
    const gammaAll = tf.tensor2d(sequences.flatMap((s) => s.gamma), [sequences.reduce((a, s) => a + s.obs.length, 0), N]);
    const obsAll = tf.oneHot(tf.tensor1d(sequences.flatMap((s) => s.obs), 'int32'), M).toFloat();
    // 1 for every step that has a successor, 0 for the last step of each sequence.
    const hasNext = tf.tensor2d(sequences.flatMap((s) => s.obs.map((_, t) => [t < s.obs.length - 1 ? 1 : 0])));
    const perState = tf.matMul(gammaAll, obsAll, true, false); // N × M
    const rows = perState.arraySync() as number[][];
    const pooled = Array.from({ length: G }, (_, g) => rows.filter((_, i) => groups[i] === g).reduce((acc, r) => acc.map((x, k) => x + r[k]!), new Array<number>(M).fill(0)));
    const counts = tf.tensor2d(pooled);
    const groupEmissions = tf.div(counts, tf.sum(counts, 1, true));
    const emissions = tf.gather(groupEmissions, tf.tensor1d(groups, 'int32'));
    const xiSlices = sequences.flatMap((s) => s.xi);
    const xiSum = xiSlices.length ? tf.sum(tf.tensor3d(xiSlices, [xiSlices.length, N, N]), 0) : tf.zeros([N, N]);
    const visits = tf.sum(tf.mul(gammaAll, hasNext), 0);
    const firsts = tf.tensor2d(sequences.map((s) => s.gamma[0]!));
    return {
      emissionCounts: counts.arraySync() as number[][],
      groupEmissions: groupEmissions.arraySync() as number[][],
      emissions: emissions.arraySync() as number[][],
      transitions: tf.div(xiSum, tf.expandDims(visits, 1)).arraySync() as number[][],
      initial: Array.from(tf.mean(firsts, 0).dataSync()),
    };
  });
}
