// Checks of the contract of a layer, from the facts the probe kit's contract probes answer
// (grader/src/probe-kit/contract.ts): every trainable variable the code creates is declared, the
// output depends on every declared weight (no forward pass through copies), a gradient the statement
// asks to write by hand uses no autodiff, and returned tensors have exactly the statement's shapes.
// Each is visible-safe (it reads the learner's own answers only) and names the real cause: a forward
// pass through copies is reported as such, not as a wrong gradient function.
import { z } from 'zod';
import { fact } from './display';
import type { CheckOutcome, VisibleCheckFn } from './types';

const shapeSchema = z.array(z.number().int().min(0)).max(8);

/** Answer of variableContract (probe kit). */
export const variableContractSchema = z.strictObject({
  declared: z.array(z.strictObject({ name: z.string().max(64), shape: shapeSchema, trainable: z.boolean() })).max(256),
  created: z
    .array(z.strictObject({ shape: shapeSchema, trainable: z.boolean(), declaredAs: z.string().max(64).nullable(), inCalls: z.boolean(), alive: z.boolean() }))
    .max(4096),
  undeclaredTrainable: z.number().int().min(0),
});
export type VariableContractAnswer = z.infer<typeof variableContractSchema>;

/** Answer of gradientReach (probe kit). */
export const gradientReachSchema = z
  .array(z.strictObject({ name: z.string().max(64), shape: shapeSchema, trainable: z.boolean(), reached: z.boolean(), maxAbs: z.number() }))
  .max(256);
export type GradientReachAnswer = z.infer<typeof gradientReachSchema>;

/** Answer of autodiffUse (probe kit; its `use`). */
export const autodiffUseSchema = z.strictObject({ autodiff: z.number().int().min(0), optimizer: z.number().int().min(0), tampered: z.boolean() });
export type AutodiffUseAnswer = z.infer<typeof autodiffUseSchema>;

const shapeText = (s: number[]) => `[${s.join(', ')}]`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Every trainable variable the learner's code created is declared by weights(). `owner` names the
 * object ("layer"), `what` its weights() call in messages.
 */
export function declaredVariables(answer: VariableContractAnswer, { owner = 'layer', what = 'weights()' }: { owner?: string; what?: string } = {}): CheckOutcome {
  const undeclared = answer.created.filter((c) => c.trainable && c.declaredAs === null);
  const facts = [fact('declared weights', answer.declared.length), fact('trainable variables created', answer.created.filter((c) => c.trainable).length), fact('undeclared trainable variables', undeclared.length)];
  if (!undeclared.length) return { passed: true, message: `Every trainable variable your ${owner} creates is declared by ${what}.`, facts };
  const perCall = undeclared.filter((c) => c.inCalls);
  const atConstruct = undeclared.length - perCall.length;
  const parts: string[] = [];
  if (atConstruct) parts.push(`${plural(atConstruct, 'trainable tf.Variable')} created with the ${owner} (shape ${undeclared.filter((c) => !c.inCalls).slice(0, 3).map((c) => shapeText(c.shape)).join(', ')})`);
  if (perCall.length) parts.push(`${plural(perCall.length, 'trainable tf.Variable')} created while it was called (shape ${perCall.slice(0, 3).map((c) => shapeText(c.shape)).join(', ')}), a new one per call`);
  return {
    passed: false,
    message:
      `Your ${owner} computes with weights that ${what} does not declare: ${parts.join(' and ')}. ` +
      `Only declared weights are counted, set and trained, so anyone training your ${owner} with optimizer.minimize() would train an untied copy. ` +
      'Create each weight once, declare it, and compute with that very tf.Variable (no tf.variable(w.clone()) copies); use tf.variable(…, false) for a constant.',
    facts,
  };
}

/**
 * Every declared trainable weight (or those in `used`, the ones the statement says the output uses)
 * receives gradient from the output. A weight that does not is read through a copy.
 */
export function weightsReached(answer: GradientReachAnswer, { used, owner = 'layer', what = 'weights()', output = 'output' }: { used?: string[]; owner?: string; what?: string; output?: string } = {}): CheckOutcome {
  const considered = answer.filter((w) => (used ? used.includes(w.name) : w.trainable));
  if (!considered.length) throw new Error('weightsReached: no weight to check (an exercise bug)');
  const facts = considered.slice(0, 8).map((w) => fact(`largest |gradient| of ${w.name}`, w.reached ? w.maxAbs : 'none'));
  const frozen = considered.filter((w) => !w.trainable);
  const unreached = considered.filter((w) => w.trainable && (!w.reached || w.maxAbs === 0));
  if (!frozen.length && !unreached.length) return { passed: true, message: `The gradient of your ${owner}'s ${output} reaches every declared weight (${considered.map((w) => w.name).join(', ')}).`, facts };
  const names = (ws: GradientReachAnswer) => ws.map((w) => `${what}.${w.name}`).join(', ');
  const msgs: string[] = [];
  if (unreached.length) {
    msgs.push(
      `No gradient reaches ${names(unreached)} from your ${owner}'s ${output}: your forward pass computes with a copy of ${unreached.length === 1 ? 'this weight' : 'these weights'}, not with the declared tf.Variable ` +
        '(a copy made with tf.tensor(w.dataSync()), w.arraySync(), w.clone() kept in another variable, or values read into plain numbers). ' +
        'The numbers can still come out right, but training and every gradient miss the weight. This is about the forward pass, not your gradient code: compute with the variable itself.',
    );
  }
  if (frozen.length) msgs.push(`${names(frozen)} ${frozen.length === 1 ? 'is' : 'are'} not trainable: create ${frozen.length === 1 ? 'it' : 'them'} with tf.variable(value) (trainable by default).`);
  return { passed: false, message: msgs.join(' '), facts };
}

/** A gradient the statement asks to write by hand used no autodiff. `what` names the learner's function. */
export function noAutodiff(answer: AutodiffUseAnswer, { what = 'your gradient function' }: { what?: string } = {}): CheckOutcome {
  const facts = [fact('gradient computations started by autodiff', answer.autodiff)];
  if (answer.tampered) {
    return { passed: false, message: `${what} changed TensorFlow.js' gradient machinery while it ran, so the grader cannot tell whether it computes the gradient by hand. Leave tfjs as it is.`, facts };
  }
  if (!answer.autodiff) return { passed: true, message: `${what} computes the gradient without autodiff, as asked.`, facts };
  const via = answer.optimizer ? `an optimizer's minimize() or computeGradients() (${answer.optimizer}×)` : 'tf.grad, tf.grads, tf.valueAndGrad(s) or tf.variableGrads';
  return {
    passed: false,
    message: `${what} asked TensorFlow.js for a gradient (${plural(answer.autodiff, 'time')}, through ${via}). The exercise asks you to write this gradient by hand with ordinary tensor operations: work out the derivative of each use and add them up.`,
    facts,
  };
}

/** Each returned tensor has exactly the expected shape (rank and dimensions, not only the element count). */
export function exactShapes(cases: { label: string; actual: number[] | null; expected: number[] }[]): CheckOutcome {
  if (!cases.length) throw new Error('exactShapes: no case to compare (an exercise bug)');
  const wrong = cases.filter((c) => !c.actual || c.actual.join(',') !== c.expected.join(','));
  const facts = cases.slice(0, 8).map((c) => fact(`shape of ${c.label}`, c.actual ? shapeText(c.actual) : 'not a tensor'));
  if (!wrong.length) return { passed: true, message: `Every returned tensor has the expected shape (${cases.length} checked).`, facts };
  const sameSize = (a: number[], b: number[]) => a.reduce((p, v) => p * v, 1) === b.reduce((p, v) => p * v, 1);
  const lines = wrong.slice(0, 4).map((c) =>
    !c.actual
      ? `${c.label} is not a tf.Tensor (expected shape ${shapeText(c.expected)})`
      : `${c.label} has shape ${shapeText(c.actual)}, expected ${shapeText(c.expected)}${sameSize(c.actual, c.expected) ? ' (the same number of values: reshape it)' : ''}`,
  );
  return { passed: false, message: `${lines.join('; ')}.`, facts };
}

/** Visible check: declaredVariables on the probe answering variableContractSchema (default "variables"). */
export function declaredVariablesCheck<Plan>({ probe = 'variables', owner, what }: { probe?: string; owner?: string; what?: string } = {}): VisibleCheckFn<Plan> {
  return (ctx) => declaredVariables(ctx.learner(probe, variableContractSchema), { ...(owner ? { owner } : {}), ...(what ? { what } : {}) });
}

/** Visible check: weightsReached on the probe answering gradientReachSchema (default "reach"). */
export function weightsReachedCheck<Plan>({ probe = 'reach', used, owner, what, output }: { probe?: string; used?: string[] | ((plan: Plan) => string[]); owner?: string; what?: string; output?: string } = {}): VisibleCheckFn<Plan> {
  return (ctx) =>
    weightsReached(ctx.learner(probe, gradientReachSchema), {
      ...(used ? { used: typeof used === 'function' ? used(ctx.plan) : used } : {}),
      ...(owner ? { owner } : {}),
      ...(what ? { what } : {}),
      ...(output ? { output } : {}),
    });
}

/** Visible check: noAutodiff on the probe answering autodiffUseSchema (default "autodiff"). */
export function noAutodiffCheck<Plan>({ probe = 'autodiff', what }: { probe?: string; what?: string } = {}): VisibleCheckFn<Plan> {
  return (ctx) => noAutodiff(ctx.learner(probe, autodiffUseSchema), what ? { what } : {});
}
