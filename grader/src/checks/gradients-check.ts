// gradientsCheck: the learner's hand-written gradient of a tied weight against autodiff — of their
// own forward pass (visible: it runs in the browser) or of the reference (hidden). The message
// says what was compared, lists the differences and ends with the exercise's hint on which uses of
// the tied weight contribute.
import { z } from 'zod';
import { tensorSchema, type NumTensor } from './tensor';
import { gradients } from './training';
import type { CheckContext, CheckFn, CheckOutcome, VisibleCheckContext, VisibleCheckFn } from './types';

/** Gradients by weight name, as a probe answers them (variableGradients, tensorRecord in the probe kit). */
export const gradientRecordSchema: z.ZodType<Record<string, NumTensor>> = z.record(z.string().max(200), tensorSchema({ maxSize: 1 << 12 }));

export interface GradientsCheckOptions<A> {
  /** The probe answering the learner's gradient, usually hand-written (default "manualGrad"). */
  actual?: string;
  /** The probe answering the autodiff gradient it must equal (default "autodiffGrad"). */
  expected?: string;
  /** Schema of both answers when they hold more than one gradient (then `select` picks the compared one). */
  schema?: z.ZodType<A>;
  select?: (answer: A) => Record<string, NumTensor>;
  /** The whole message when they agree. */
  passed: string;
  /** How a failed message starts, e.g. "gradients() differs from the reference autodiff (same weights and tokens)". */
  failed: string;
  /** Ends a failed message: how the uses of the tied weight add up. */
  hint: string;
}

/** The differences a failed gradients() message lists, without its first and last sentence. */
export function gradientDifferences(message: string): string {
  return message
    .replace(/^Gradients differ from autodiff: /, '')
    .replace(/ A tied weight's gradient is the sum over all its uses\.$/, '')
    .replace(/\.$/, '');
}

function compare<A>(o: GradientsCheckOptions<A>, learner: A, autodiff: A, tolerance: { atol: number; rtol: number }): CheckOutcome {
  const pick = o.select ?? ((a: A) => a as unknown as Record<string, NumTensor>);
  const out = gradients({ actual: pick(learner), expected: pick(autodiff), tolerance });
  return { ...out, message: out.passed ? o.passed : `${o.failed}: ${gradientDifferences(out.message)}. ${o.hint}` };
}

/** Against autodiff through the learner's own model: a visible check. */
export function gradientsCheck<Plan, A = Record<string, NumTensor>>(o: GradientsCheckOptions<A> & { against: 'own-autodiff' }): VisibleCheckFn<Plan>;
/** Against the reference's autodiff (same weights and data): a hidden check. */
export function gradientsCheck<Plan, A = Record<string, NumTensor>>(o: GradientsCheckOptions<A> & { against: 'reference' }): CheckFn<Plan>;
export function gradientsCheck<Plan, A>(o: GradientsCheckOptions<A> & { against: 'own-autodiff' | 'reference' }): VisibleCheckFn<Plan> | CheckFn<Plan> {
  const { actual = 'manualGrad', expected = 'autodiffGrad' } = o;
  const schema = o.schema ?? (gradientRecordSchema as unknown as z.ZodType<A>);
  if (o.against === 'own-autodiff') {
    return (ctx: VisibleCheckContext<Plan>) => compare(o, ctx.learner(actual, schema), ctx.learner(expected, schema), ctx.tolerance);
  }
  return (ctx: CheckContext<Plan>) => compare(o, ctx.learner(actual, schema), ctx.reference(expected, schema), ctx.tolerance);
}
