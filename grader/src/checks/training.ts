// Training behaviour and gradients: identical init + data + optimizer, compared step by step.
import { compareData, fmt, type NumTensor } from './tensor';
import type { CheckOutcome } from './types';

export interface TrainsLikeReferenceInput {
  learnerLosses: number[];
  referenceLosses: number[];
  /** Final weights by name (optional). */
  learnerWeights?: Record<string, NumTensor>;
  referenceWeights?: Record<string, NumTensor>;
  tolerance: { atol: number; rtol: number };
  optimizer: string;
}

export function trainsLikeReference(input: TrainsLikeReferenceInput): CheckOutcome {
  const { learnerLosses: l, referenceLosses: r, tolerance } = input;
  const steps = r.map((_, i) => i);
  const details: Record<string, unknown> = {
    plot: { kind: 'line', x: steps, xLabel: 'step', yLabel: 'loss', series: [{ name: 'yours', y: l }, { name: 'reference', y: r }] },
  };
  if (l.length !== r.length) {
    return { passed: false, message: `Expected ${r.length} loss values (one per ${input.optimizer} step), got ${l.length}.`, details };
  }
  const lossCmp = compareData(l, r, [r.length], tolerance);
  details.maxLossAbsErr = lossCmp.maxAbsErr;
  if (!lossCmp.passed) {
    const step = lossCmp.worst?.[0] ?? 0;
    const first = l.findIndex((v, i) => Math.abs(v - r[i]!) > tolerance.atol + tolerance.rtol * Math.abs(r[i]!));
    const stuck = l.length > 1 && Math.abs(l[l.length - 1]! - l[0]!) <= tolerance.atol + tolerance.rtol * Math.abs(l[0]!);
    return {
      passed: false,
      message:
        `Training diverges from the reference from step ${first} on (worst at step ${step}: loss ${fmt(l[step]!)} vs ${fmt(r[step]!)}). ` +
        (stuck ? 'Your loss does not change at all: are your weights trainable variables that apply() actually uses? ' : '') +
        `Same initial weights, data and ${input.optimizer} were used for both.`,
      details,
    };
  }
  if (input.learnerWeights && input.referenceWeights) {
    for (const [name, ref] of Object.entries(input.referenceWeights)) {
      const got = input.learnerWeights[name];
      if (!got || got.data.length !== ref.data.length) {
        return { passed: false, message: `After training, weight "${name}" is missing or has the wrong size.`, details };
      }
      const cmp = compareData(got.data, ref.data, ref.shape, { atol: tolerance.atol * 10, rtol: tolerance.rtol * 10 });
      if (!cmp.passed) {
        return {
          passed: false,
          message: `The losses agree but after training "${name}" differs from the reference by up to ${fmt(cmp.maxAbsErr)}.`,
          details,
        };
      }
    }
  }
  return {
    passed: true,
    message: `Trains like the reference: ${r.length} ${input.optimizer} steps, loss ${fmt(r[0]!)} → ${fmt(r[r.length - 1]!)}, max loss difference ${fmt(lossCmp.maxAbsErr)}.`,
    details,
  };
}

export interface GradientsInput {
  actual: Record<string, NumTensor>;
  expected: Record<string, NumTensor>;
  tolerance: { atol: number; rtol: number };
}

/** Learner gradients (e.g. manual accumulation over uses of a tied weight) vs reference autodiff. */
export function gradients({ actual, expected, tolerance }: GradientsInput): CheckOutcome {
  const rows: Record<string, unknown>[] = [];
  const bad: string[] = [];
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    if (!a) {
      bad.push(`no gradient for "${name}"`);
      continue;
    }
    if (a.data.length !== e.data.length) {
      bad.push(`gradient for "${name}" has shape [${a.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
      continue;
    }
    const cmp = compareData(a.data, e.data, e.shape, tolerance);
    rows.push({ name, maxAbsErr: cmp.maxAbsErr, maxRelErr: cmp.maxRelErr });
    if (!cmp.passed) bad.push(`gradient for "${name}" off by up to ${fmt(cmp.maxAbsErr)} (rel ${fmt(cmp.maxRelErr)})`);
  }
  if (bad.length) {
    return { passed: false, message: `Gradients differ from autodiff: ${bad.join('; ')}. A tied weight's gradient is the sum over all its uses.`, details: { rows } };
  }
  return { passed: true, message: `Gradients match autodiff for ${rows.map((r) => r.name).join(', ')}.`, details: { rows } };
}
