// Public glue: how the grader calls your M-step. Runs inside the sandbox (and in the browser for
// visible checks). It only sees the plan (observations and posteriors), never the seed.
import * as tf from '@tensorflow/tfjs';

export interface Sequence {
  obs: number[];
  gamma: number[][];
  xi: number[][][];
}

export interface MStepInput {
  numStates: number;
  numSymbols: number;
  groups: number[];
  sequences: Sequence[];
}

export interface Plan {
  /**
   * Two independent M-steps, each with its own sizes (N states, G groups, M symbols, R sequences of
   * their own lengths, one of them a single symbol); tiedMStep is called on both, one after the other.
   */
  inputs: MStepInput[];
}

type Matrix = ArrayLike<ArrayLike<number>>;
interface Output {
  emissionCounts: Matrix;
  groupEmissions: Matrix;
  emissions: Matrix;
  transitions: Matrix;
  initial: ArrayLike<number>;
}
type Learner = { tiedMStep: (input: MStepInput) => Output };

export const requiredExports = ['tiedMStep'];

function vector(v: unknown, what: string): number[] {
  if (!v || typeof (v as ArrayLike<number>).length !== 'number' || typeof v === 'string') throw new Error(`${what} must be an array of numbers`);
  return Array.from(v as ArrayLike<number>, (x) => Number(x));
}

function matrix(v: unknown, what: string): number[][] {
  if (!v || typeof (v as Matrix).length !== 'number' || typeof v === 'string') throw new Error(`${what} must be an array of rows (number[][])`);
  return Array.from(v as Matrix, (row, i) => vector(row, `${what}[${i}]`));
}

function mStep(learner: unknown, input: MStepInput) {
  // A deep copy: changing the input has no effect on grading.
  const out = (learner as Learner).tiedMStep(JSON.parse(JSON.stringify(input)) as MStepInput);
  if (!out || typeof out !== 'object') throw new Error('tiedMStep must return an object');
  return {
    emissionCounts: matrix(out.emissionCounts, 'emissionCounts'),
    groupEmissions: matrix(out.groupEmissions, 'groupEmissions'),
    emissions: matrix(out.emissions, 'emissions'),
    transitions: matrix(out.transitions, 'transitions'),
    initial: vector(out.initial, 'initial'),
  };
}

export const probes = {
  /** Your M-step on each of the plan's inputs, in order (one call each). */
  mStep: (learner: unknown, plan: Plan) => plan.inputs.map((input) => mStep(learner, input)),
  /** Tensors left behind by a second call of tiedMStep (0 when every tensor it makes is freed). */
  leaks(learner: unknown, plan: Plan) {
    mStep(learner, plan.inputs[0]!);
    const before = tf.memory().numTensors;
    mStep(learner, plan.inputs[0]!);
    return { leaked: tf.memory().numTensors - before };
  },
};

