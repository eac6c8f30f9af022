// Visible checks for tied-autoencoder: they run in the learner's browser on a public plan (and
// again on the server as part of the grade), so they use only the learner's own answers and public
// formulas.
import { defineVisibleChecks, fmt, gradientsCheck, paramCountCheck, tensorSchema, type CheckOutcome, type NumTensor } from '@tyinglab/grader/checks';
import type { Plan } from './probes';

export const D = 8;
export const K = 3;

const expectedWeights = [
  { name: 'W', shape: [D, K] },
  { name: 'b', shape: [D] },
];
const formula = `D·K + D = ${D}·${K} + ${D}`;

export const tensor2 = tensorSchema({ rank: 2, maxSize: 1 << 12 });
export const BOTH_USES_HINT =
  'W is used twice, so its gradient has two terms: xᵀ(G W) from the encoder and Gᵀz from the decoder, with G = x̂ − x and z = x W.';

/** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations; D is tiny). */
export function symmetricEigenvalues(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((r) => r.slice());
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]!).sort((x, y) => y - x);
}

/**
 * The end-to-end linear map S of a tied linear autoencoder is W Wᵀ: symmetric and positive
 * semidefinite (rank ≤ K). Guarded: S ≈ 0 (a model that ignores its input) does not pass.
 */
function symmetricPsd(S: NumTensor, tol: { atol: number; rtol: number }): CheckOutcome {
  const n = S.shape[0] ?? 0;
  if (S.shape.length !== 2 || S.shape[1] !== n || n !== D) {
    return { passed: false, message: `reconstruct() should map [${D}, ${D}] to [${D}, ${D}], got [${S.shape.join(', ')}].` };
  }
  const at = (i: number, j: number) => S.data[i * n + j]!;
  let scale = 0;
  let asym = 0;
  let worst: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      scale = Math.max(scale, Math.abs(at(i, j)));
      const d = Math.abs(at(i, j) - at(j, i));
      if (d > asym) {
        asym = d;
        worst = [i, j];
      }
    }
  }
  const details: Record<string, unknown> = { scale, maxAsymmetry: asym };
  if (scale <= 1e-3) {
    return { passed: false, message: `Your reconstruction barely depends on the input (largest entry of the linear map ${fmt(scale)}): use random initial weights, not zeros.`, details };
  }
  const symTol = tol.atol + tol.rtol * scale;
  if (asym > symTol) {
    return {
      passed: false,
      message:
        `S = reconstruct(I) − reconstruct(0) (the linear part of x ↦ x̂) is not symmetric: entry [${worst[0]}, ${worst[1]}] is ${fmt(at(worst[0], worst[1]))} but [${worst[1]}, ${worst[0]}] is ${fmt(at(worst[1], worst[0]))}. ` +
        'With a tied decoder the map is W Wᵀ, which is symmetric: decode with the transpose of the encoder matrix (tf.matMul(z, W, false, true)), not a separate matrix or a reshape.',
      details,
    };
  }
  const sym = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (at(i, j) + at(j, i)) / 2));
  const eig = symmetricEigenvalues(sym);
  const minEig = eig[eig.length - 1]!;
  const rank = eig.filter((e) => e > 1e-3 * eig[0]!).length;
  Object.assign(details, { eigenvalues: eig, numericalRank: rank });
  if (minEig < -(tol.atol + tol.rtol * scale)) {
    return {
      passed: false,
      message: `The linear map is symmetric but has a negative eigenvalue (${fmt(minEig)}), so it is not W Wᵀ for any W. Decode with +Wᵀ, the same matrix as the encoder.`,
      details,
    };
  }
  return {
    passed: true,
    message: `S = reconstruct(I) − reconstruct(0) is symmetric positive semidefinite (eigenvalues ${fmt(eig[0]!)} … ${fmt(minEig)}${minEig < 0 ? ' (≈ 0, round-off)' : ''}, numerical rank ${rank} ≤ K = ${K}), as W Wᵀ must be.`,
    details,
  };
}

export default defineVisibleChecks<Plan>({
  'param-count': paramCountCheck({ expected: expectedWeights, formula, independentOf: 'batch size', owner: 'model' }),

  'symmetric-psd': (ctx) => symmetricPsd(ctx.learner('linearMap', tensor2), ctx.tolerance),

  'gradient-self-consistent': gradientsCheck({
    against: 'own-autodiff',
    passed: 'gradients(x) equals tf.variableGrads of ½ Σ (x̂ − x)² through your own reconstruct() for W and b.',
    failed: 'gradients(x) differs from tf.variableGrads through your own reconstruct()',
    hint: BOTH_USES_HINT,
  }),
});
