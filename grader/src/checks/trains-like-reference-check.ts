// trainsLikeReferenceCheck: the hidden "trains like the reference" check. The probe trains the
// learner's model and the solution's from the same initial weights on the same data with the same
// optimizer (trainWithOptimizer in the probe kit) and answers the losses and final weights.
import { z } from 'zod';
import { tensorSchema, type NumTensor } from './tensor';
import { trainsLikeReference } from './training';
import type { CheckFn } from './types';

/** Answer of a training probe: the loss before each step and every weight after the last one. */
export const trainingAnswerSchema = z.strictObject({
  losses: z.array(z.number()).max(1000),
  weights: z.record(z.string(), tensorSchema({ maxSize: 1 << 16 })),
});

export interface TrainsLikeReferenceCheckOptions<Plan> {
  /** The probe answering `trainingAnswerSchema` (default "train"). */
  probe?: string;
  /** The optimizer the probe uses, for messages, e.g. (plan) => describeOptimizer({ kind: 'sgd', lr: plan.train.learningRate }). */
  optimizer: (plan: Plan) => string;
  /** The weights both sides start from (the plan's init): a failure then names the weights that never moved. */
  init?: (plan: Plan) => Record<string, NumTensor>;
}

export function trainsLikeReferenceCheck<Plan>({ probe = 'train', optimizer, init }: TrainsLikeReferenceCheckOptions<Plan>): CheckFn<Plan> {
  return (ctx) => {
    const mine = ctx.learner(probe, trainingAnswerSchema);
    const ref = ctx.reference(probe, trainingAnswerSchema);
    return trainsLikeReference({
      learnerLosses: mine.losses,
      referenceLosses: ref.losses,
      learnerWeights: mine.weights,
      referenceWeights: ref.weights,
      tolerance: ctx.tolerance,
      optimizer: optimizer(ctx.plan),
      ...(init ? { initialWeights: init(ctx.plan) } : {}),
    });
  };
}
