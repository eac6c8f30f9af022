// Baum–Welch M-step with tied emissions: states of the same group share ONE emission distribution.
// Plain arrays in, plain arrays out; tf is available if you want it (optional).
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
  /** groups[i] = emission group of state i (0..G-1). */
  groups: number[];
  sequences: Sequence[];
}

export interface MStepOutput {
  /** G × M pooled expected counts. */
  emissionCounts: number[][];
  /** G × M: each group's emission distribution. */
  groupEmissions: number[][];
  /** N × M: row i is the distribution of state i's group. */
  emissions: number[][];
  /** N × N re-estimated transition matrix. */
  transitions: number[][];
  /** N re-estimated initial distribution. */
  initial: number[];
}

export function tiedMStep({ numStates, numSymbols, groups, sequences }: MStepInput): MStepOutput {
  const numGroups = Math.max(...groups) + 1;
  const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  // TODO: accumulate expected counts from the posteriors (pooled per group), then normalise.
  void sequences;
  void tf;
  const uniform = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(1 / c));
  return {
    emissionCounts: zeros(numGroups, numSymbols),
    groupEmissions: uniform(numGroups, numSymbols),
    emissions: uniform(numStates, numSymbols),
    transitions: uniform(numStates, numStates),
    initial: new Array<number>(numStates).fill(1 / numStates),
  };
}
