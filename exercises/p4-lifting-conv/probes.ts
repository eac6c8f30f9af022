// Public glue: how the grader builds and calls your lifting layer. Runs inside the sandbox (and in
// the browser for visible checks). It only sees the plan, never the seed.
import * as tf from '@tensorflow/tfjs';
import { construct, declaredWeights, fromTensor, injectWeights, toTensor, type NumTensor } from '@tyinglab/grader/probe-kit';

export interface Plan {
  args: { inChannels: number; outChannels: number; kernelSize: number };
  /** Weight values injected by name for the reference comparison. */
  weights: Record<string, NumTensor>;
  /** Inputs of two different image sizes. */
  inputs: { label: string; x: NumTensor }[];
  /** A square image, the same image rotated 90° counter-clockwise, and public weights to use. */
  rotation: { weights: Record<string, NumTensor>; x: NumTensor; rotated: NumTensor };
  /** Gradient of sum(apply(x) · upstream) with respect to each weight. */
  gradient: { weights: Record<string, NumTensor>; x: NumTensor; upstream: NumTensor };
}

interface Layer {
  weights(): Record<string, tf.Variable>;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

export const requiredExports = ['createP4Lifting'];

const build = (learner: unknown, plan: Plan): Layer => construct<Layer>(learner, 'createP4Lifting', { ...plan.args }, ['weights', 'apply']);

const applyTo = (layer: Layer, x: NumTensor): NumTensor => fromTensor(layer.apply(toTensor(x) as tf.Tensor4D), 'apply(x)');

export const probes = {
  /** Declared weights after applying the layer to images of two sizes. */
  declared(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    return plan.inputs.map(({ label, x }) => {
      applyTo(layer, x);
      return { label, weights: declaredWeights(layer) };
    });
  },
  /** Outputs with the grader's weights injected. */
  injected(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.weights);
    return plan.inputs.map(({ label, x }) => ({ label, y: applyTo(layer, x) }));
  },
  /** f(x) and f(rotated x) with the plan's public weights. */
  rotation(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.rotation.weights);
    return { fx: applyTo(layer, plan.rotation.x), fRotated: applyTo(layer, plan.rotation.rotated) };
  },
  /** d/dw of sum(apply(x) · upstream) for every declared weight, via tf.variableGrads. */
  gradient(learner: unknown, plan: Plan) {
    const layer = build(learner, plan);
    injectWeights(layer, plan.gradient.weights);
    const x = toTensor(plan.gradient.x) as tf.Tensor4D;
    const up = toTensor(plan.gradient.upstream);
    const ws = layer.weights();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x), up)) as tf.Scalar, Object.values(ws));
    value.dispose();
    const out: Record<string, NumTensor> = {};
    for (const [name, v] of Object.entries(ws)) {
      const g = grads[v.name];
      out[name] = g ? fromTensor(g, `gradient of ${name}`) : { shape: [...v.shape], data: new Array<number>(v.size).fill(0) };
    }
    return out;
  },
};
