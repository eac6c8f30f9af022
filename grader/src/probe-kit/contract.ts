// The contract of a layer, beyond one call on a fresh instance: which variables the learner's code
// really creates (against those weights() declares), which declared weights the output really
// depends on (gradient reaches them), whether a "hand-written" gradient used autodiff, the tensors
// a repeated call leaves behind, and exact shapes. Each function returns plain JSON facts; the check
// library's contract checks (grader/src/checks/contract-check.ts) turn them into outcomes.
//
// Why: counting, injection and training all go through weights(), so an undeclared trainable
// variable, or a forward pass through detached copies of the declared weights, is invisible to the
// numeric checks, and a normal user training with optimizer.minimize(f) would get an untied layer.
import * as tf from '@tensorflow/tfjs';
import { fromTensor, injectWeights, toTensor, variablesOf, type HasWeights, type NumTensor } from './core';

/** A variable the learner's code created, as facts (never its learner-chosen name). */
export interface CreatedVariable {
  shape: number[];
  trainable: boolean;
  /** The weights() name it is declared under after the calls, null when it is not declared. */
  declaredAs: string | null;
  /**
   * Created later than the factory, by the calls (`use`). A boolean, not a word: strings in a
   * sandbox answer reach the checks only when the reference's answers hold the same ones.
   */
  inCalls: boolean;
  /** Still registered after the calls (a variable the code disposed again is not). */
  alive: boolean;
}

export interface VariableContract {
  declared: { name: string; shape: number[]; trainable: boolean }[];
  created: CreatedVariable[];
  /** Trainable variables created and never declared (alive or not): the count the check fails on. */
  undeclaredTrainable: number;
}

type EngineWithMakeVariable = { makeVariable: (...args: unknown[]) => tf.Variable; registeredVariables: Record<string, tf.Variable> };

/**
 * Builds the learner's object with `build`, runs `use` on it (calls, training steps…), and lists every
 * variable created meanwhile, matched by identity with what weights() declares afterwards. Variables
 * are recorded as the engine makes them (tf.variable, the Layers API) and as they appear among the
 * engine's registered variables, so one created and disposed again inside a call is seen too.
 */
export function variableContract<T extends HasWeights>(build: () => T, use: (made: T) => void = () => undefined, what = 'weights()'): VariableContract {
  const engine = tf.engine() as unknown as EngineWithMakeVariable;
  const registeredBefore = new Set(Object.values(engine.registeredVariables));
  const seen: { v: tf.Variable; when: 'construct' | 'calls' }[] = [];
  let phase: 'construct' | 'calls' = 'construct';
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'makeVariable');
  const original = engine.makeVariable;
  // An own property on the engine instance shadows the prototype's method while the learner's code
  // runs; removed (or put back) afterwards.
  const recorder = function (this: unknown, ...args: unknown[]): tf.Variable {
    const v = original.apply(this, args);
    seen.push({ v, when: phase });
    return v;
  };
  engine.makeVariable = recorder;
  let made: T;
  try {
    made = build();
    for (const v of Object.values(engine.registeredVariables)) if (!registeredBefore.has(v) && !seen.some((s) => s.v === v)) seen.push({ v, when: 'construct' });
    phase = 'calls';
    use(made);
    for (const v of Object.values(engine.registeredVariables)) if (!registeredBefore.has(v) && !seen.some((s) => s.v === v)) seen.push({ v, when: 'calls' });
  } finally {
    if (engine.makeVariable === recorder) {
      if (hadOwn) engine.makeVariable = original;
      else delete (engine as Partial<EngineWithMakeVariable>).makeVariable;
    }
  }
  const declaredRecord = variablesOf(made, what);
  const nameOf = new Map<tf.Variable, string>();
  for (const [name, v] of Object.entries(declaredRecord)) if (!nameOf.has(v)) nameOf.set(v, name);
  const alive = new Set(Object.values(engine.registeredVariables));
  const created: CreatedVariable[] = seen.map(({ v, when }) => ({
    shape: [...v.shape],
    trainable: v.trainable,
    declaredAs: nameOf.get(v) ?? null,
    inCalls: when === 'calls',
    alive: alive.has(v),
  }));
  return {
    declared: Object.entries(declaredRecord).map(([name, v]) => ({ name, shape: [...v.shape], trainable: v.trainable })),
    created,
    undeclaredTrainable: created.filter((c) => c.trainable && c.declaredAs === null).length,
  };
}

/** Whether the gradient of a loss reaches one declared weight. */
export interface GradientReach {
  name: string;
  shape: number[];
  trainable: boolean;
  /** A gradient tensor came back (the loss depends on the weight through tfjs operations). */
  reached: boolean;
  /** Largest |gradient| (0 when not reached): exactly 0 means the weight does not move the loss. */
  maxAbs: number;
}

/**
 * For every declared trainable weight (or `names`), whether the gradient of `loss` reaches it and
 * how large it is. Give a loss that uses the output everywhere with random weights (Σ g ⊙ f(x) with
 * a random g), so a weight that is used cannot get an exactly zero gradient by chance. A forward pass
 * through copies (tf.tensor(w.dataSync()), w.arraySync(), a new tf.variable) shows as not reached.
 */
export function gradientReach(model: HasWeights, loss: () => tf.Scalar, { names, what = 'weights()' }: { names?: string[]; what?: string } = {}): GradientReach[] {
  const ws = variablesOf(model, what);
  const wanted = (names ?? Object.keys(ws)).filter((n) => ws[n] !== undefined);
  const vars = wanted.map((n) => ws[n]!).filter((v) => v.trainable);
  let grads: Record<string, tf.Tensor> = {};
  if (vars.length) {
    try {
      const r = tf.variableGrads(loss, vars);
      r.value.dispose();
      grads = r.grads;
    } catch (e) {
      // tfjs refuses when no variable at all is reached: that is the answer, not an error.
      if (!(e instanceof Error && /Cannot find a connection between any variable/.test(e.message))) throw e;
    }
  }
  const out = wanted.map((name) => {
    const v = ws[name]!;
    const g = grads[v.name];
    const maxAbs = g ? (tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) ?? 0) : 0;
    return { name, shape: [...v.shape], trainable: v.trainable, reached: g !== undefined, maxAbs: Number.isFinite(maxAbs) ? maxAbs : -1 };
  });
  tf.dispose(grads);
  return out;
}

/** What autodiffUse saw while the learner's function ran. */
export interface AutodiffUse {
  /** Gradient computations started (tf.grad, tf.grads, tf.valueAndGrad(s), tf.variableGrads, optimizers). */
  autodiff: number;
  /** Of those, through an optimizer's minimize() or computeGradients(). */
  optimizer: number;
  /** The traps were removed or replaced by the code itself: no claim about autodiff can be made. */
  tampered: boolean;
}

type EngineWithTape = { startTape: () => void };

/**
 * Runs `fn` (the learner's hand-written gradient, synchronously) while every way of asking tfjs for a
 * gradient is counted, and returns its result with the count. The trap sits where all of them meet,
 * the engine's gradient tape (tf.grad, tf.grads, tf.valueAndGrad(s), tf.variableGrads,
 * optimizer.minimize and computeGradients all start one), so it sees calls through any reference
 * to tfjs the learner's module holds, in the sandbox and in the browser alike; optimizer calls are
 * counted on Optimizer.prototype as well, to name them. Calls go through unchanged.
 */
export function autodiffUse<R>(fn: () => R): { result: R; use: AutodiffUse } {
  const engine = tf.engine() as unknown as EngineWithTape;
  const proto = tf.Optimizer.prototype as unknown as Record<'minimize' | 'computeGradients', (...a: unknown[]) => unknown>;
  const use: AutodiffUse = { autodiff: 0, optimizer: 0, tampered: false };
  const hadOwnTape = Object.prototype.hasOwnProperty.call(engine, 'startTape');
  const startTape = engine.startTape;
  const tapeTrap = function (this: unknown): void {
    use.autodiff++;
    startTape.call(this);
  };
  const originals = { minimize: proto.minimize, computeGradients: proto.computeGradients };
  let inOptimizer = 0;
  const optTrap = (key: 'minimize' | 'computeGradients') =>
    function (this: unknown, ...args: unknown[]): unknown {
      if (inOptimizer === 0) use.optimizer++;
      inOptimizer++;
      try {
        return originals[key].apply(this, args);
      } finally {
        inOptimizer--;
      }
    };
  const traps = { minimize: optTrap('minimize'), computeGradients: optTrap('computeGradients') };
  engine.startTape = tapeTrap;
  proto.minimize = traps.minimize;
  proto.computeGradients = traps.computeGradients;
  try {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw new Error('the function must return its result directly, not a Promise');
    }
    return { result, use };
  } finally {
    use.tampered = engine.startTape !== tapeTrap || proto.minimize !== traps.minimize || proto.computeGradients !== traps.computeGradients;
    if (hadOwnTape) engine.startTape = startTape;
    else delete (engine as Partial<EngineWithTape>).startTape;
    proto.minimize = originals.minimize;
    proto.computeGradients = originals.computeGradients;
  }
}

/** Tensors in a call's result: a tensor, or an array or object of them (one level). */
function tensorsIn(r: unknown): tf.Tensor[] {
  if (r instanceof tf.Tensor) return [r];
  if (r && typeof r === 'object') return Object.values(r).filter((t): t is tf.Tensor => t instanceof tf.Tensor);
  return [];
}

/**
 * Tensors a call leaves allocated besides its result (what noLeaksCheck reads, with a label): the call
 * runs `warmup` times first (a first call may build constants once, on purpose), then once counted
 * with tf.memory(). Results are disposed unless they are variables.
 */
export function leakedTensors(call: () => unknown, warmup = 1): number {
  const release = (r: unknown) => tf.dispose(tensorsIn(r).filter((t) => !(t instanceof tf.Variable)));
  for (let i = 0; i < warmup; i++) release(call());
  const before = tf.memory().numTensors;
  const r = call();
  const leaked = tf.memory().numTensors - before - tensorsIn(r).filter((t) => !(t instanceof tf.Variable)).length;
  release(r);
  return leaked;
}

/** The exact shape of a returned tensor, null when it is not a tensor (what exactShapesCheck compares). */
export function shapeOf(value: unknown): number[] | null {
  return value instanceof tf.Tensor ? [...value.shape] : null;
}

/**
 * One call of a contract sequence (calls on one instance with new inputs, new weights in between,
 * two instances interleaved): its output as JSON, or null when the learner's code threw — the error
 * is not passed on (it may carry hidden inputs); the check names the call instead.
 */
export function attemptCall(label: string, call: () => unknown, what = 'apply(x)'): { label: string; y: ReturnType<typeof fromTensor> | null } {
  try {
    return { label, y: fromTensor(call(), what) };
  } catch {
    return { label, y: null };
  }
}

/** One step of callSequence: optionally new weights for an instance, then its apply(x). */
export interface SequenceStep {
  label: string;
  /** Index into the instances (all built before the first step, so they are alive at once). */
  instance: number;
  /** Written into that instance's weights() before the call (new weights between calls). */
  weights?: Record<string, NumTensor>;
  x: NumTensor;
}

/**
 * The contract beyond one call on a fresh instance: calls on several instances alive at once,
 * interleaved, with new inputs (other sizes, a batch of one) and new weights between calls, in the
 * plan's order. `[{ label, y }]` per step, y null where the learner's code threw (what
 * matchesReferenceCheck({ outputs: { y } }) compares with the reference's sequence).
 */
export function callSequence(instances: readonly (HasWeights & { apply(x: tf.Tensor): unknown })[], steps: readonly SequenceStep[], what = 'apply(x)'): { label: string; y: NumTensor | null }[] {
  return steps.map((s) =>
    attemptCall(
      s.label,
      () => {
        const layer = instances[s.instance];
        if (!layer) throw new Error(`callSequence: no instance ${s.instance} (an exercise bug)`);
        if (s.weights) injectWeights(layer, s.weights);
        return layer.apply(toTensor(s.x));
      },
      what,
    ),
  );
}
