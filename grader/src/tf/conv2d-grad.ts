// Gradient of the 'Conv2D' kernel written only with forward ops (conv2d, pad, slice, transpose).
// Why: the wasm backend has no Conv2DBackpropFilter kernel (training any conv fails), and its
// Conv2DBackpropInput is much slower than a stride-1 conv2d. Registered once by initTf().
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

export class UnsupportedConv2dGradError extends Error {
  constructor(what: string) {
    super(`Conv2D gradient: ${what} is not supported by the grader's conv2d gradient`);
    this.name = 'UnsupportedConv2dGradError';
  }
}

/** Inserts (s-1) zeros between rows/columns of dy: [N,Ho,Wo,C] -> [N,(Ho-1)sh+1,(Wo-1)sw+1,C]. */
function dilate(tf: Tf, dy: T4, sh: number, sw: number): T4 {
  if (sh === 1 && sw === 1) return dy;
  const [n, ho, wo, c] = dy.shape;
  const expanded = tf.reshape(dy, [n, ho, 1, wo, 1, c]);
  const padded = tf.pad(expanded, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const flat = tf.reshape(padded, [n, ho * sh, wo * sw, c]) as T4;
  return tf.slice(flat, [0, 0, 0, 0], [n, (ho - 1) * sh + 1, (wo - 1) * sw + 1, c]);
}

interface Conv2dAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tfType.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** dx and dW of y = conv2d(x, filter, attrs) for upstream gradient dy (NHWC, dilation 1). */
export function conv2dGrads(tf: Tf, x: T4, filter: T4, dy: T4, attrs: Conv2dAttrs): { dx: T4; dW: T4 } {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') throw new UnsupportedConv2dGradError(`dataFormat ${attrs.dataFormat}`);
  const dil = attrs.dilations ?? 1;
  const [dh, dw] = typeof dil === 'number' ? [dil, dil] : dil;
  if (dh !== 1 || dw !== 1) throw new UnsupportedConv2dGradError(`dilations [${dh},${dw}]`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filter.shape,
    attrs.strides,
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [n, h, w, ci] = x.shape;
  const co = filter.shape[3];
  return tf.tidy(() => {
    const dyd = dilate(tf, dy, sh, sw);
    const [lh, lw] = [dyd.shape[1], dyd.shape[2]];

    // dx: full correlation of the dilated dy with the spatially flipped, in/out-swapped filter.
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as T4;
    const padT = kh - 1 - top;
    const padL = kw - 1 - left;
    const padB = h - lh + top;
    const padR = w - lw + left;
    // Negative pads mean forward rows that never reached the output: crop instead of pad.
    const cropped = tf.slice(dyd, [0, Math.max(0, -padT), Math.max(0, -padL), 0], [
      n,
      lh - Math.max(0, -padT) - Math.max(0, -padB),
      lw - Math.max(0, -padL) - Math.max(0, -padR),
      co,
    ]);
    const dyPadded = tf.pad(cropped, [[0, 0], [Math.max(0, padT), Math.max(0, padB)], [Math.max(0, padL), Math.max(0, padR)], [0, 0]]);
    const dx = tf.conv2d(dyPadded as T4, flipped, 1, 'valid');

    // dW[a,b,i,o] = sum_{n,p,q} xpad[n, p*sh+a, q*sw+b, i] * dy[n,p,q,o]: a conv2d in which the
    // input channels play the batch role and the (dilated) dy is the filter.
    const xPad = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const xT = tf.transpose(xPad, [3, 1, 2, 0]) as T4; // [Ci, Hp, Wp, N]
    const dyT = tf.transpose(dyd, [1, 2, 0, 3]) as T4; // [Lh, Lw, N, Co]
    const full = tf.conv2d(xT, dyT, 1, 'valid'); // [Ci, Hp-Lh+1, Wp-Lw+1, Co]
    const dW = tf.transpose(tf.slice(full, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]) as T4;
    return { dx, dW };
  });
}

/** Replaces the gradient of the 'Conv2D' kernel by conv2dGrads (global registry, all backends). */
export function registerConv2dGradient(tf: Tf): void {
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [T4, T4];
      const g = conv2dGrads(tf, x, filter, dy as T4, attrs as unknown as Conv2dAttrs);
      return { x: () => g.dx, filter: () => g.dW };
    },
  });
}
