// Training behaviour and gradients: identical init + data + optimizer, compared step by step.
import { fact, linePlot, steps } from './display';
import { finiteDifferences, type FdCoordinate, type FdLosses } from './finite-differences';
import { metricsOf, relativeL2Error } from './metrics';
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
  /**
   * The weights both started from (the plan's `init`), optional. With them, a failure names the
   * weights the learner's training never moved while the reference's did (frozen, or not used).
   */
  initialWeights?: Record<string, NumTensor>;
}

/**
 * What the final weights say when the losses already diverged: the weights the learner never moved
 * (while the reference did), else the ones that ended up differently. Empty when nothing is known.
 */
function weightDiagnosis(input: TrainsLikeReferenceInput): string {
  const { learnerWeights: mine, referenceWeights: ref, initialWeights: init, tolerance } = input;
  if (!mine || !ref) return '';
  const close = (a: NumTensor, b: NumTensor) => a.data.length === b.data.length && compareData(a.data, b.data, b.shape, tolerance).passed;
  const frozen = init
    ? Object.keys(ref).filter((n) => init[n] && mine[n] && close(mine[n]!, init[n]!) && !close(ref[n]!, init[n]!))
    : [];
  if (frozen.length) {
    return (
      ` ${frozen.map((n) => `"${n}"`).join(', ')} never changed during your training while the reference's did: ` +
      `${frozen.length > 1 ? 'are they trainable tf.variables' : 'is it a trainable tf.variable'} that the computation uses directly (not through a copy)?`
    );
  }
  // Final weights accumulate every step's error: 10 × the tolerance, as for a passing loss curve.
  const loose = { atol: tolerance.atol * 10, rtol: tolerance.rtol * 10 };
  const differ = Object.keys(ref).filter((n) => !mine[n] || mine[n]!.data.length !== ref[n]!.data.length || !compareData(mine[n]!.data, ref[n]!.data, ref[n]!.shape, loose).passed);
  return differ.length ? ` After training, ${differ.map((n) => `"${n}"`).join(', ')} differ${differ.length === 1 ? 's' : ''} from the reference.` : '';
}

export function trainsLikeReference(input: TrainsLikeReferenceInput): CheckOutcome {
  const { learnerLosses: l, referenceLosses: r, tolerance } = input;
  // Step i is the loss before the (i+1)-th update, as the messages count them. The reference's
  // length is the plan's (bounded); extra learner values are not drawn, missing ones are gaps.
  // The reference is dashed so both curves stay visible where they coincide.
  const plots = [
    linePlot({
      title: 'Training loss, same initial weights and data',
      xLabel: 'optimizer step',
      yLabel: 'loss',
      x: steps(r.length),
      series: [
        { name: 'your loss', values: l, style: 'solid' },
        { name: 'reference loss', values: r, style: 'dashed' },
      ],
    }),
  ];
  if (l.length !== r.length) {
    return { passed: false, message: `Expected ${r.length} loss values (one per ${input.optimizer} step), got ${l.length}.`, plots };
  }
  const lossCmp = compareData(l, r, [r.length], tolerance);
  const facts = [fact('largest loss difference', lossCmp.maxAbsErr)];
  const details = { maxLossAbsErr: lossCmp.maxAbsErr };
  if (!lossCmp.passed) {
    const step = lossCmp.worst?.[0] ?? 0;
    const first = l.findIndex((v, i) => Math.abs(v - r[i]!) > tolerance.atol + tolerance.rtol * Math.abs(r[i]!));
    const stuck = l.length > 1 && Math.abs(l[l.length - 1]! - l[0]!) <= tolerance.atol + tolerance.rtol * Math.abs(l[0]!);
    return {
      passed: false,
      message:
        `Training diverges from the reference from step ${first} on (worst at step ${step}: loss ${fmt(l[step]!)} vs ${fmt(r[step]!)}). ` +
        (stuck ? 'Your loss does not change at all: are your weights trainable variables that apply() actually uses? ' : '') +
        `Same initial weights, data and ${input.optimizer} were used for both.` +
        weightDiagnosis(input),
      facts,
      plots,
      details,
    };
  }
  if (input.learnerWeights && input.referenceWeights) {
    for (const [name, ref] of Object.entries(input.referenceWeights)) {
      const got = input.learnerWeights[name];
      if (!got || got.data.length !== ref.data.length) {
        return { passed: false, message: `After training, weight "${name}" is missing or has the wrong size.`, facts, plots, details };
      }
      const cmp = compareData(got.data, ref.data, ref.shape, { atol: tolerance.atol * 10, rtol: tolerance.rtol * 10 });
      if (!cmp.passed) {
        return {
          passed: false,
          message: `The losses agree but after training "${name}" differs from the reference by up to ${fmt(cmp.maxAbsErr)}.`,
          facts: [...facts, fact(`largest difference of "${name}" after training`, cmp.maxAbsErr)],
          plots,
          details,
        };
      }
    }
  }
  return {
    passed: true,
    message: `Trains like the reference: ${r.length} ${input.optimizer} steps, loss ${fmt(r[0]!)} → ${fmt(r[r.length - 1]!)}, max loss difference ${fmt(lossCmp.maxAbsErr)}.`,
    facts,
    plots,
    details,
  };
}

export interface GradientContribution {
  /** e.g. "time step 3", "branch A". */
  label: string;
  grads: Record<string, NumTensor>;
}

export interface GradientsInput {
  actual: Record<string, NumTensor>;
  expected: Record<string, NumTensor>;
  tolerance: { atol: number; rtol: number };
  /**
   * The learner's per-use contributions to the gradient of a shared parameter (per time step, per
   * branch…), when the exercise asks for them: they must add up to `actual`.
   */
  contributions?: GradientContribution[];
  /** The reference's per-use contributions (same labels and order): each one is compared too. */
  expectedContributions?: GradientContribution[];
  /** What one use is called in messages: "time step", "branch", "layer" (default "use"). */
  useName?: string;
  /** Central finite differences of the learner's own loss (see finite-differences.ts). */
  finiteDifferences?: { coordinates: FdCoordinate[]; losses: FdLosses[]; tolerance?: { atol: number; rtol: number } };
}

function sumContributions(name: string, cs: readonly GradientContribution[]): NumTensor | null {
  let acc: NumTensor | null = null;
  for (const c of cs) {
    const g = c.grads[name];
    if (!g) continue;
    if (!acc) acc = { shape: [...g.shape], data: [...g.data] };
    else if (acc.data.length !== g.data.length) return null;
    else for (let i = 0; i < g.data.length; i++) acc.data[i]! += g.data[i]!;
  }
  return acc;
}

/** Per-use contributions: they add up to the total, and each matches the reference's when given. */
function checkContributions(input: GradientsInput, details: Record<string, unknown>): string[] {
  const cs = input.contributions;
  if (!cs) return [];
  const use = input.useName ?? 'use';
  const problems: string[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const name of Object.keys(input.expected)) {
    const total = input.actual[name];
    const sum = sumContributions(name, cs);
    if (!total || !sum) continue;
    if (sum.data.length !== total.data.length) {
      problems.push(`they have ${sum.data.length} values for "${name}", your total gradient ${total.data.length}`);
      continue;
    }
    // Float32 sums of many terms: scale the tolerance with the number of terms.
    const k = Math.max(1, cs.length);
    const cmp = compareData(sum.data, total.data, total.shape, { atol: input.tolerance.atol * k, rtol: input.tolerance.rtol * k });
    rows.push({ name, sumMaxAbsErr: cmp.maxAbsErr });
    if (!cmp.passed) problems.push(`the ${cs.length} of them do not add up to your total gradient for "${name}" (off by up to ${fmt(cmp.maxAbsErr)})`);
  }
  const exp = input.expectedContributions;
  if (exp) {
    if (exp.length !== cs.length) problems.push(`expected ${exp.length} (one per ${use}), got ${cs.length}`);
    else {
      outer: for (let u = 0; u < exp.length; u++) {
        for (const [name, e] of Object.entries(exp[u]!.grads)) {
          const a = cs[u]!.grads[name];
          const cmp = a && a.data.length === e.data.length ? compareData(a.data, e.data, e.shape, input.tolerance) : null;
          if (!cmp || !cmp.passed) {
            problems.push(`${exp[u]!.label} ${cmp ? `is off by up to ${fmt(cmp.maxAbsErr)}` : 'is missing or has the wrong shape'} for "${name}"`);
            break outer; // the first wrong use is the useful hint
          }
        }
      }
    }
  }
  details.contributions = { count: cs.length, labels: cs.map((c) => c.label), rows };
  return problems;
}

/**
 * Learner gradients (e.g. manual accumulation over uses of a tied weight) vs reference autodiff;
 * optionally also per-use contributions (sum = total, each vs the reference's) and central finite
 * differences of the learner's own loss on a few coordinates.
 */
export function gradients(input: GradientsInput): CheckOutcome {
  const { actual, expected, tolerance } = input;
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
  const details: Record<string, unknown> = { rows };
  const useProblems = checkContributions(input, details);
  let fd: CheckOutcome | null = null;
  if (input.finiteDifferences) {
    const f = input.finiteDifferences;
    fd = finiteDifferences({ coordinates: f.coordinates, losses: f.losses, gradient: actual, ...(f.tolerance ? { tolerance: f.tolerance } : {}) });
    details.finiteDifferences = fd.details?.finiteDifferences;
  }
  const use = input.useName ?? 'use';
  // A few parameters at most in practice; the cap keeps a many-weight exercise within the contract's limit.
  const facts = rows.slice(0, 8).map((r) => fact(`largest difference from autodiff, "${String(r.name)}"`, r.maxAbsErr as number));
  if (input.contributions) facts.push(fact(`contributions (one per ${use})`, input.contributions.length));
  if (fd?.facts) facts.push(...fd.facts);
  const extras = [
    useProblems.length ? ` Your contributions per ${use}: ${useProblems.join('; ')}.` : '',
    fd && !fd.passed ? ` ${fd.message}` : '',
  ].join('');
  if (bad.length) {
    return { passed: false, message: `Gradients differ from autodiff: ${bad.join('; ')}. A tied weight's gradient is the sum over all its uses.${extras}`, facts, details };
  }
  if (extras) return { passed: false, message: `Gradients match autodiff for ${rows.map((r) => r.name).join(', ')}, but not everything agrees.${extras}`, facts, details };
  const okExtras = [
    input.contributions ? ` Your ${input.contributions.length} contributions (one per ${use}) add up to the total${input.expectedContributions ? ' and each matches the reference' : ''}.` : '',
    fd ? ` ${fd.message}` : '',
  ].join('');
  const relativeError = relativeL2Error(Object.entries(expected).map(([name, e]) => ({ actual: actual[name]!.data, expected: e.data })));
  const metrics = metricsOf({ 'relative-error': relativeError });
  return { passed: true, message: `Gradients match autodiff for ${rows.map((r) => r.name).join(', ')}.${okExtras}`, facts, details, ...(metrics ? { metrics } : {}) };
}
