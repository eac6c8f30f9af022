// paramCountCheck: the visible parameter count as most exercises state it — the weights a probe
// lists after running inputs of two or more sizes, against the statement's list and formula.
import { z } from 'zod';
import { paramCount, weightListSchema, type WeightSpec } from './param-count';
import type { VisibleCheckFn } from './types';

/** Answer of a "declared" probe: the declared weights after each probed input, `{ label, weights }` per input. */
export const declaredWeightsSchema = z.array(z.strictObject({ label: z.string().max(200), weights: weightListSchema })).max(16);

export interface ParamCountCheckOptions<Plan = unknown> {
  /** The probe answering `declaredWeightsSchema` (default "declared"). */
  probe?: string;
  /**
   * The statement's weights; a function of the plan when the sizes are drawn per run (kernel size,
   * channels…), so a count hard-coded for one configuration fails on the others.
   */
  expected: WeightSpec[] | ((plan: Plan) => WeightSpec[]);
  /** Shown to learners, e.g. "k·k·C_in·C_out + C_out = 3·3·3·16 + 16"; a function of the plan when the sizes are drawn. */
  formula: string | ((plan: Plan) => string);
  /**
   * What the count must not depend on, as the statement says ("batch size", "depth", "sequence
   * length"…): the probe lists the weights at two or more values of it. Default: the image size.
   */
  independentOf?: string;
  /** Whose parameters the messages speak of: "model" → "Your model's parameters change…" (default "layer"). */
  owner?: string;
}

export function paramCountCheck<Plan>({ probe = 'declared', expected, formula, independentOf, owner }: ParamCountCheckOptions<Plan>): VisibleCheckFn<Plan> {
  return (ctx) => {
    const out = paramCount({
      declared: ctx.learner(probe, declaredWeightsSchema),
      expected: typeof expected === 'function' ? expected(ctx.plan) : expected,
      formula: typeof formula === 'function' ? formula(ctx.plan) : formula,
      ...(independentOf ? { independentOf } : {}),
    });
    // paramCount speaks of "Your layer's parameters"; the owner is the one word it cannot know.
    return owner ? { ...out, message: out.message.replace(/^Your layer's /, `Your ${owner}'s `) } : out;
  };
}
