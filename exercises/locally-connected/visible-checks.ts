// Visible checks for locally-connected: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers, public
// formulas and a plain-JS 'valid' convolution computed right here.
import { z } from 'zod';
import {
  compareData,
  declaredVariables,
  declaredWeightsSchema,
  defineVisibleChecks,
  fmt,
  formatIndex,
  gradientReachSchema,
  noLeaksCheck,
  paramCount,
  size,
  tensorSchema,
  variableContractSchema,
  weightsReached,
  type CheckOutcome,
  type NumTensor,
  type WeightSpec,
} from '@tyinglab/grader/checks';
import type { LayerArgs, Plan } from './probes';

export const AXES = ['n', 'y', 'x', 'c'];

export const outSize = (a: LayerArgs): [number, number] => [a.height - a.kernelSize + 1, a.width - a.kernelSize + 1];

export function expectedWeights(a: LayerArgs): WeightSpec[] {
  const [ho, wo] = outSize(a);
  const k = a.kernelSize;
  return [
    { name: 'kernel', shape: [ho, wo, k, k, a.inChannels, a.outChannels] },
    { name: 'bias', shape: [ho, wo, a.outChannels] },
  ];
}

/** What a tied k×k conv with the same channels would have, at every image size. */
const tiedCount = (a: LayerArgs): number => a.kernelSize * a.kernelSize * a.inChannels * a.outChannels + a.outChannels;

/** y[n,i,j,o] = b[o] + Σ_{a,c,m} K[a,c,m,o]·x[n,i+a,j+c,m]: a tied 'valid' cross-correlation in plain JS. */
function validConv(x: NumTensor, kernel: NumTensor, bias: NumTensor): NumTensor {
  const [n, h, w, cin] = x.shape as [number, number, number, number];
  const [k, , , cout] = kernel.shape as [number, number, number, number];
  const ho = h - k + 1;
  const wo = w - k + 1;
  const data = new Array<number>(n * ho * wo * cout).fill(0);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let o = 0; o < cout; o++) {
          let s = bias.data[o]!;
          for (let a = 0; a < k; a++)
            for (let c = 0; c < k; c++)
              for (let m = 0; m < cin; m++) s += kernel.data[((a * k + c) * cin + m) * cout + o]! * x.data[((b * h + i + a) * w + j + c) * cin + m]!;
          data[((b * ho + i) * wo + j) * cout + o] = s;
        }
  return { shape: [n, ho, wo, cout], data };
}

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 14 });
const tiedCopySchema = z.strictObject({ y: tensor });
const variablesSchema = z.strictObject({ contract: variableContractSchema, reach: gradientReachSchema });
const OWNER = 'layer';

const formula = 'H_o·W_o·(k·k·C_in·C_out + C_out)';

/**
 * Behavioural count at several image sizes where the expected count DEPENDS on the size (the
 * library's paramCount requires it to be constant). Built from paramCount, one size at a time.
 * Candidate for the check library ("paramCountPerSize").
 */
function paramCountPerSize(declared: { label: string; weights: WeightSpec[] }[], plan: Plan): CheckOutcome {
  const rows = plan.cases.map((c, i) => {
    const a = c.args;
    const [ho, wo] = outSize(a);
    const expected = expectedWeights(a);
    const got = declared[i];
    const outcome = got
      ? paramCount({ declared: [got], expected, formula: `${ho}·${wo}·(${a.kernelSize}·${a.kernelSize}·${a.inChannels}·${a.outChannels} + ${a.outChannels})` })
      : { passed: false, message: `No weights were reported for ${c.label}.` };
    const count = got ? got.weights.reduce((s, w) => s + size(w.shape), 0) : 0;
    return { label: c.label, ho, wo, tied: tiedCount(a), expected: size(expected[0]!.shape) + size(expected[1]!.shape), count, outcome };
  });
  const details = { formula, sizes: rows.map(({ label, expected, count }) => ({ label, expected, declared: count })) };
  if (rows.every((r) => r.outcome.passed)) {
    return {
      passed: true,
      message:
        `${rows.map((r) => `${r.count} parameters for ${r.label} (${r.ho}×${r.wo} locations; a tied convolution would have ${r.tied})`).join(', ')} = ${formula}: ` +
        'the count grows with the number of output locations.',
      details,
    };
  }
  const tiedLike = rows.filter((r) => r.count > 0 && r.count === r.tied);
  const hint = tiedLike.length
    ? ` ${tiedLike.map((r) => `For ${r.label} your layer declares ${r.count} parameters, exactly what a tied convolution has`).join('; ')}: its weights are shared across positions. ` +
      `A locally connected layer has its own kernel and bias at each of the H_o×W_o output locations ('valid' windows: H_o = H−k+1, W_o = W−k+1).`
    : '';
  return {
    passed: false,
    fraction: rows.filter((r) => r.outcome.passed).length / rows.length,
    message: `${rows.filter((r) => !r.outcome.passed).map((r) => `For ${r.label}: ${r.outcome.message}`).join(' ')}${hint}`,
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': (ctx) => paramCountPerSize(ctx.learner('declared', declaredWeightsSchema), ctx.plan),

  'tied-copy-is-conv': (ctx) => {
    const { y } = ctx.learner('tiedCopy', tiedCopySchema);
    const { x, base } = ctx.plan.tiedCopy;
    const conv = validConv(x, base.kernel, base.bias);
    const k = ctx.plan.tiedCopy.args.kernelSize;
    const what = `a tied ${k}×${k} 'valid' convolution (tf.conv2d(x, K, 1, 'valid') + b)`;
    if (y.shape.join(',') !== conv.shape.join(',')) {
      return {
        passed: false,
        message: `With the same kernel at every location your output has shape [${y.shape.join(', ')}]; ${what} gives [${conv.shape.join(', ')}]. Use 'valid' windows: H_o = H−k+1, W_o = W−k+1.`,
      };
    }
    const cmp = compareData(y.data, conv.data, conv.shape, ctx.tolerance);
    const details = { maxAbsErr: cmp.maxAbsErr, fractionClose: cmp.fractionClose };
    if (cmp.passed) {
      return { passed: true, message: `With one kernel copied into every location your layer reproduces ${what} (max abs error ${fmt(cmp.maxAbsErr)}): untying only adds freedom.`, details };
    }
    return {
      passed: false,
      message:
        `With the same kernel K and bias b at every location your layer should equal ${what}, but differs by up to ${fmt(cmp.maxAbsErr)} ` +
        `(worst at ${formatIndex(cmp.worst ?? [], AXES)}; ${fmt(cmp.fractionClose * 100)}% of values agree). ` +
        `Check that each window is read in the kernel's axis order [k, k, C_in] (row offset a, then column offset c, then channel) and that the window at (i, j) starts at input pixel (i, j).`,
      details,
    };
  },

  // Gap 5: only declared weights are counted, set and trained, so an undeclared trainable variable
  // or a forward pass through copies of the declared ones is invisible to every numeric check.
  'weights-declared-and-used': (ctx) => {
    const { contract, reach } = ctx.learner('variables', variablesSchema);
    const declared = declaredVariables(contract, { owner: OWNER });
    return declared.passed ? weightsReached(reach, { owner: OWNER }) : declared;
  },

  'no-leaked-tensors': noLeaksCheck<Plan>(),
});
