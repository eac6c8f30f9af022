// One or more optimizer update steps (SGD, momentum, Adam, AdamW) of the learner's optimizer vs a
// plain-number reference computed here, including the tied case: a parameter used S times gets
// ONE update per step from the SUM of its S gradient contributions, with one optimizer state.
import { fact } from './display';
import { compareData, fmt, formatIndex, type NumTensor } from './tensor';
import type { CheckOutcome } from './types';

export type OptimizerConfig =
  | { kind: 'sgd'; lr: number }
  | { kind: 'momentum'; lr: number; momentum: number }
  | { kind: 'adam' | 'adamw'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number };

type Weights = Record<string, NumTensor>;

/** "AdamW (lr 0.01, β₁ 0.9, β₂ 0.999, ε 1.0e-8, weight decay 0.1)" for messages. */
export function describeOptimizer(c: OptimizerConfig): string {
  switch (c.kind) {
    case 'sgd':
      return `SGD (lr ${fmt(c.lr)})`;
    case 'momentum':
      return `SGD with momentum (lr ${fmt(c.lr)}, momentum ${fmt(c.momentum)})`;
    default: {
      const name = c.kind === 'adam' ? 'Adam' : 'AdamW';
      const wd = c.weightDecay ? `, weight decay ${fmt(c.weightDecay)}` : '';
      return `${name} (lr ${fmt(c.lr)}, β₁ ${fmt(c.beta1 ?? 0.9)}, β₂ ${fmt(c.beta2 ?? 0.999)}, ε ${fmt(c.eps ?? 1e-8)}${wd})`;
    }
  }
}

const clone = (w: Weights): Weights => Object.fromEntries(Object.entries(w).map(([k, t]) => [k, { shape: [...t.shape], data: [...t.data] }]));

export interface ReferenceOptimizer {
  /** Applies one update with `grads` (for a tied parameter: the sum over its uses); returns new weights. */
  step(weights: Weights, grads: Weights): Weights;
}

/**
 * A stateful plain-number optimizer in float64, for references whose gradients depend on the
 * current weights. Adam follows tf.train.adam (ε outside the square root, bias-corrected); 'adam'
 * with weightDecay adds wd·w to the gradient (L2), 'adamw' decays the weights directly (decoupled,
 * Loshchilov & Hutter): w ← w − lr·wd·w, then the Adam step.
 */
export function referenceOptimizer(config: OptimizerConfig): ReferenceOptimizer {
  const m: Record<string, number[]> = {};
  const v: Record<string, number[]> = {};
  let t = 0;
  return {
    step(weights, grads) {
      t++;
      const w = clone(weights);
      for (const [name, p] of Object.entries(w)) {
        const gr = grads[name];
        if (!gr) continue;
        if (gr.data.length !== p.data.length) throw new Error(`referenceOptimizer: gradient "${name}" has ${gr.data.length} values, weight ${p.data.length}`);
        const mm = (m[name] ??= new Array<number>(p.data.length).fill(0));
        const vv = (v[name] ??= new Array<number>(p.data.length).fill(0));
        for (let i = 0; i < p.data.length; i++) {
          let gi = gr.data[i]!;
          const wi = p.data[i]!;
          switch (config.kind) {
            case 'sgd':
              p.data[i] = wi - config.lr * gi;
              break;
            case 'momentum':
              // tf.train.momentum: a ← μ·a + g; w ← w − lr·a
              mm[i] = config.momentum * mm[i]! + gi;
              p.data[i] = wi - config.lr * mm[i]!;
              break;
            default: {
              const b1 = config.beta1 ?? 0.9;
              const b2 = config.beta2 ?? 0.999;
              const eps = config.eps ?? 1e-8;
              const wd = config.weightDecay ?? 0;
              let base = wi;
              if (config.kind === 'adam') gi += wd * wi;
              else base = wi - config.lr * wd * wi;
              mm[i] = b1 * mm[i]! + (1 - b1) * gi;
              vv[i] = b2 * vv[i]! + (1 - b2) * gi * gi;
              const mHat = mm[i]! / (1 - b1 ** t);
              const vHat = vv[i]! / (1 - b2 ** t);
              p.data[i] = base - (config.lr * mHat) / (Math.sqrt(vHat) + eps);
            }
          }
        }
      }
      return w;
    },
  };
}

/** The weights after each step for fixed gradients, one record per step (see referenceOptimizer). */
export function referenceOptimizerSteps(config: OptimizerConfig, init: Weights, grads: Weights[]): Weights[] {
  const opt = referenceOptimizer(config);
  const out: Weights[] = [];
  let w = init;
  for (const g of grads) out.push((w = opt.step(w, g)));
  return out;
}

/**
 * A common mistake under sharing, for `alternatives`: one optimizer update per USE (the optimizer
 * called S times per step with each use's gradient). perUse[step][use] holds that use's gradients.
 * Returns the weights after all uses of each step.
 */
export function perUseOptimizerSteps(config: OptimizerConfig, init: Weights, perUse: Weights[][]): Weights[] {
  const flat = perUse.flat();
  const all = referenceOptimizerSteps(config, init, flat);
  const out: Weights[] = [];
  let k = 0;
  for (const uses of perUse) {
    k += uses.length;
    out.push(all[k - 1] ?? clone(init));
  }
  return out;
}

export interface OptimizerStepInput {
  /** The learner's weights after each step (step 1 first). */
  learner: Weights[];
  /** The reference weights after each step (e.g. referenceOptimizerSteps). */
  reference: Weights[];
  tolerance: { atol: number; rtol: number };
  /** For messages, e.g. describeOptimizer(config). */
  optimizer: string;
  /** How many times each tied parameter is used per step (only names with S > 1 matter). */
  sharedUses?: Record<string, number>;
  /** Known wrong variants (e.g. perUseOptimizerSteps): when the learner matches one, its hint is shown. */
  alternatives?: { label: string; weights: Weights[]; hint: string }[];
  axes?: string[];
}

function matchesAll(a: Weights[], b: Weights[], tol: { atol: number; rtol: number }): boolean {
  if (a.length !== b.length) return false;
  return b.every((ws, s) =>
    Object.entries(ws).every(([name, t]) => {
      const x = a[s]![name];
      return !!x && x.data.length === t.data.length && compareData(x.data, t.data, t.shape, tol).passed;
    }),
  );
}

/** The learner's optimizer update(s) vs the reference, step by step and weight by weight. */
export function optimizerStep(input: OptimizerStepInput): CheckOutcome {
  const { learner, reference, tolerance, optimizer } = input;
  const rows: Record<string, unknown>[] = [];
  const details: Record<string, unknown> = { steps: reference.length, rows };
  if (learner.length !== reference.length) {
    return { passed: false, message: `Expected the weights after each of ${reference.length} ${optimizer} steps, got ${learner.length}.`, details };
  }
  let failure: string | null = null;
  let failedName: string | null = null;
  for (let s = 0; s < reference.length && !failure; s++) {
    for (const [name, e] of Object.entries(reference[s]!)) {
      const a = learner[s]![name];
      if (!a || a.data.length !== e.data.length) {
        failure = `after step ${s + 1}, "${name}" is missing or has shape [${a?.shape.join(', ') ?? ''}], expected [${e.shape.join(', ')}]`;
        failedName = name;
        break;
      }
      const cmp = compareData(a.data, e.data, e.shape, tolerance);
      rows.push({ step: s + 1, name, maxAbsErr: cmp.maxAbsErr, maxRelErr: cmp.maxRelErr });
      if (!cmp.passed) {
        failure =
          `after step ${s + 1}, "${name}" differs from the reference by up to ${fmt(cmp.maxAbsErr)} (rel ${fmt(cmp.maxRelErr)}) ` +
          `at ${formatIndex(cmp.worst ?? [], input.axes)}: got ${fmt(cmp.worstActual)}, expected ${fmt(cmp.worstExpected)}`;
        failedName = name;
        break;
      }
    }
  }
  const largest = rows.reduce((m, r) => Math.max(m, r.maxAbsErr as number), 0);
  const facts = [fact('optimizer steps', reference.length), fact('largest weight difference from the reference', largest)];
  if (!failure) {
    const shared = Object.entries(input.sharedUses ?? {}).filter(([, n]) => n > 1);
    const note = shared.length ? `, including tied ${shared.map(([n, k]) => `"${n}" (used ${k}×)`).join(', ')}` : '';
    return { passed: true, message: `Your ${optimizer} updates match the reference for ${reference.length} step${reference.length > 1 ? 's' : ''}${note}.`, facts, details };
  }
  const hints: string[] = [];
  const alt = input.alternatives?.find((a) => matchesAll(learner, a.weights, tolerance));
  if (alt) {
    details.matchesAlternative = alt.label;
    facts.push(fact('your update matches a known mistake', alt.label));
    hints.push(alt.hint);
  }
  const uses = failedName ? input.sharedUses?.[failedName] : undefined;
  if (!alt && uses && uses > 1) {
    hints.push(`"${failedName}" is used ${uses} times per step: did you add up its ${uses} gradient contributions and update it once per step, with one optimizer state for the parameter (not one per use)?`);
  }
  return { passed: false, message: `Your ${optimizer} update is wrong: ${failure}.${hints.length ? ` ${hints.join(' ')}` : ''}`, facts, details };
}
