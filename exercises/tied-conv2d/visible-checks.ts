// Visible checks for tied-conv2d: they run in the learner's browser on a public plan (and again on
// the server as part of the grade), so they use only the learner's own answers and public formulas.
import { z } from 'zod';
import { defineVisibleChecks, equivariance, interiorIndices, paramCountCheck, tensorSchema, translation } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const K = 3;
export const C_IN = 3;
export const C_OUT = 16;
export const SHIFT: [number, number] = [2, -1];
export const AXES = ['n', 'y', 'x', 'c'];

const expectedWeights = [
  { name: 'kernel', shape: [K, K, C_IN, C_OUT] },
  { name: 'bias', shape: [C_OUT] },
];
const formula = `k·k·C_in·C_out + C_out = ${K}·${K}·${C_IN}·${C_OUT} + ${C_OUT}`;

export const tensor = tensorSchema({ rank: 4, maxSize: 1 << 16 });
const shiftSchema = z.strictObject({ fx: tensor, fShifted: tensor });

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula }),

  'translation-equivariance': (ctx) => {
    const { fx, fShifted } = ctx.learner('shift', shiftSchema);
    // Zero 'same' padding: compare only where neither the border nor the filled-in rows/columns
    // reach the k×k window.
    const margin = Math.floor(K / 2) + Math.max(...SHIFT.map(Math.abs));
    return equivariance({
      fx,
      fTx: fShifted,
      outputTransform: translation(SHIFT[0], SHIFT[1], 'zero'),
      region: interiorIndices(fx.shape, margin),
      tolerance: ctx.tolerance,
      axes: AXES,
    });
  },
});
