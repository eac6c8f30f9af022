// noLeaksCheck: the visible "leaves no tensors behind" check of a statement that asks for tf.tidy.
// The probe calls each method twice on the same input (a first call may build constants once, on
// purpose) and counts, around the second call, the tensors still allocated besides the one returned:
// `tf.memory().numTensors` after − before − 1. A leak is invisible to every numeric check, but in a
// training loop the intermediates pile up until memory runs out.
import { z } from 'zod';
import { fact } from './display';
import type { VisibleCheckFn } from './types';

/** Answer of a leaks probe: per probed call, the tensors it left allocated besides its result. */
export const leaksSchema = z.array(z.strictObject({ call: z.string().max(100), leaked: z.number().int() })).min(1).max(16);

export interface NoLeaksCheckOptions {
  /** The probe answering `leaksSchema` (default "leaks"). */
  probe?: string;
}

export function noLeaksCheck<Plan>({ probe = 'leaks' }: NoLeaksCheckOptions = {}): VisibleCheckFn<Plan> {
  return (ctx) => {
    const calls = ctx.learner(probe, leaksSchema);
    const leaking = calls.filter((c) => c.leaked > 0);
    const facts = calls.slice(0, 8).map((c) => fact(`tensors left by ${c.call}`, Math.max(0, c.leaked)));
    if (!leaking.length) {
      return { passed: true, message: `${calls.map((c) => c.call).join(', ')} leave${calls.length === 1 ? 's' : ''} no tensors behind besides the result.`, facts };
    }
    return {
      passed: false,
      message:
        `${leaking.map((c) => `${c.call} left ${c.leaked} tensor${c.leaked === 1 ? '' : 's'}`).join(', ')} allocated besides the result (counted with tf.memory() around a repeated call). ` +
        'Wrap the computation in tf.tidy(() => …) so its intermediate tensors are disposed: in a training loop they would pile up until memory runs out.',
      facts,
    };
  };
}
