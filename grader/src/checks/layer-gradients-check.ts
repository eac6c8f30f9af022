// layerGradientsCheck: the hidden "gradients match the reference" check of a layer, with respect to
// its INPUT as well as its weights. A forward pass that is right can still cut the gradient: patches
// or copies built from `x.dataSync()` give the right numbers, and the right weight gradients too,
// but nothing flows back to `x`, so a layer stacked before this one would never learn. The probe
// (run on the learner's code and on the solution) answers `layerGradientsSchema`: the output's
// shape, ∂L/∂x (null when no gradient reaches x) and ∂L/∂w by weight name, for L = Σ g ⊙ f(x).
import { z } from 'zod';
import { fact } from './display';
import { compareData, fmt, formatIndex, tensorSchema } from './tensor';
import type { CheckFn, CheckOutcome } from './types';

export const layerGradientsSchema = z.strictObject({
  /** The shape the layer returned for the probed input (the upstream gradient has the reference's). */
  outputShape: z.array(z.number().int().nonnegative()).max(8),
  /** ∂L/∂x; null when the output does not depend on x through tfjs operations. */
  input: tensorSchema({ maxSize: 1 << 16 }).nullable(),
  /** ∂L/∂w by declared weight name; a weight the loss never reaches is left out. */
  weights: z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 16 })),
});
export type LayerGradientsAnswer = z.infer<typeof layerGradientsSchema>;

export interface LayerGradientsCheckOptions<Plan> {
  /** The probe answering `layerGradientsSchema` (default "gradients"). */
  probe?: string;
  /** The call differentiated, for messages (default "apply(x)"). */
  call?: string;
  /** Axis names of the input for the worst-location report, e.g. ['n', 'y', 'x', 'c']. */
  inputAxes?: string[];
  /**
   * Added to a failure about the weights' gradients: how the tied weight's uses add up. A function
   * gets the names of the weights whose gradient is off (missing, misshapen or different), so the
   * hint can be about those (a bias-only failure is not about the kernel's copies).
   */
  hint?: string | ((off: string[], plan: Plan) => string | undefined);
}

const shape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Learner vs reference answers of a layer-gradients probe; exported for exercises that need it inside a larger check. */
export function layerGradients(
  mine: LayerGradientsAnswer,
  ref: LayerGradientsAnswer,
  tolerance: { atol: number; rtol: number },
  { call = 'apply(x)', inputAxes, hint }: { call?: string; inputAxes?: string[]; hint?: string | ((off: string[]) => string | undefined) } = {},
): CheckOutcome {
  const loss = `L = Σ g ⊙ ${call}`;
  if (shape(mine.outputShape) !== shape(ref.outputShape)) {
    return {
      passed: false,
      message: `${call} returned shape ${shape(mine.outputShape)}, expected ${shape(ref.outputShape)}, so its gradients cannot be compared. Fix the output first (see the reference comparison).`,
    };
  }
  const problems: string[] = [];
  const facts = [];
  const details: Record<string, unknown> = {};
  // The input first: a cut input gradient is invisible to every other check.
  if (ref.input) {
    if (!mine.input) {
      problems.push(
        `no gradient of ${loss} reaches the input x: your output is computed from a copy of x's values (dataSync(), arraySync(), tf.tensor(…)) ` +
          'instead of from x with tfjs operations, so in a network nothing before this layer would learn',
      );
    } else if (shape(mine.input.shape) !== shape(ref.input.shape)) {
      problems.push(`∂L/∂x has shape ${shape(mine.input.shape)}, expected ${shape(ref.input.shape)}`);
    } else {
      const cmp = compareData(mine.input.data, ref.input.data, ref.input.shape, tolerance);
      details.input = { maxAbsErr: cmp.maxAbsErr };
      facts.push(fact('largest difference of ∂L/∂x', cmp.maxAbsErr));
      if (!cmp.passed) {
        problems.push(
          `∂L/∂x differs by up to ${fmt(cmp.maxAbsErr)} (worst at ${formatIndex(cmp.worst ?? [], inputAxes)}: ${fmt(cmp.worstActual)} vs ${fmt(cmp.worstExpected)}; ` +
            `${fmt(cmp.fractionClose * 100)}% agree)`,
        );
      }
    }
  }
  const off: string[] = [];
  for (const [name, e] of Object.entries(ref.weights)) {
    const a = mine.weights[name];
    if (!a) {
      off.push(name);
      problems.push(`no gradient of ${loss} reaches weight "${name}": ${call} must compute with that very variable (not a copy of its values, not a non-trainable variable)`);
      continue;
    }
    if (shape(a.shape) !== shape(e.shape)) {
      off.push(name);
      problems.push(`the gradient of "${name}" has shape ${shape(a.shape)}, expected ${shape(e.shape)}`);
      continue;
    }
    const cmp = compareData(a.data, e.data, e.shape, tolerance);
    facts.push(fact(`largest difference of ∂L/∂${name}`, cmp.maxAbsErr));
    details[name] = { maxAbsErr: cmp.maxAbsErr };
    if (!cmp.passed) {
      off.push(name);
      problems.push(`∂L/∂${name} differs by up to ${fmt(cmp.maxAbsErr)} (${fmt(cmp.fractionClose * 100)}% agree)`);
    }
  }
  const names = Object.keys(ref.weights);
  if (!problems.length) {
    return {
      passed: true,
      message: `The gradients of ${loss} with respect to the input x and to ${names.map((n) => `"${n}"`).join(', ')} match the reference.`,
      facts: facts.slice(0, 10),
      details,
    };
  }
  const extra = off.length ? (typeof hint === 'function' ? hint(off) : hint) : undefined;
  return {
    passed: false,
    message: `Gradients of ${loss} (same weights, input and g as the reference): ${problems.join('; ')}.${extra ? ` ${extra}` : ''}`,
    facts: facts.slice(0, 10),
    details,
  };
}

export function layerGradientsCheck<Plan>({ probe = 'gradients', call, inputAxes, hint }: LayerGradientsCheckOptions<Plan> = {}): CheckFn<Plan> {
  return (ctx) => {
    const mine = ctx.learner(probe, layerGradientsSchema);
    const ref = ctx.reference(probe, layerGradientsSchema);
    const h = typeof hint === 'function' ? (off: string[]) => hint(off, ctx.plan) : hint;
    return layerGradients(mine, ref, ctx.tolerance, { ...(call ? { call } : {}), ...(inputAxes ? { inputAxes } : {}), ...(h ? { hint: h } : {}) });
  };
}
