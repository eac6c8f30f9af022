// TensorFlow.js errors a learner cannot act on as they stand, rewritten in one place into what to do
// instead. Used wherever probes run (runProbe: the sandbox child, the grader's process, the browser
// worker), so the advice is the same everywhere.
//
// Why: grading runs on the wasm backend, which lacks some kernels (those learners reach are
// registered by wasm-kernels.ts; the rest end here), and some tfjs messages name calls the learner
// never made (a probe's optimizer.minimize()).

/** What to write instead of an op the grader's backend does not run, by kernel name. */
const ALTERNATIVES: Record<string, string> = {
  Einsum: 'write the contraction with tf.matMul (after tf.transpose / tf.reshape) or tf.mul and tf.sum',
  FFT: 'complex numbers are not supported: use real arithmetic (tf.cos, tf.sin, tf.matMul)',
  IFFT: 'complex numbers are not supported: use real arithmetic (tf.cos, tf.sin, tf.matMul)',
  Complex: 'complex numbers are not supported: keep real and imaginary parts as two real tensors',
  ComplexAbs: 'complex numbers are not supported: keep real and imaginary parts as two real tensors',
  Real: 'complex numbers are not supported: keep real and imaginary parts as two real tensors',
  Imag: 'complex numbers are not supported: keep real and imaginary parts as two real tensors',
  Draw: 'drawing to a canvas is not available while grading: return the tensor instead',
  RaggedGather: 'ragged tensors are not supported: use dense tensors (pad, then mask)',
  RaggedRange: 'ragged tensors are not supported: use dense tensors (pad, then mask)',
  RaggedTensorToTensor: 'ragged tensors are not supported: use dense tensors (pad, then mask)',
  StaticRegexReplace: 'string operations are not supported: work with numbers',
};
const GENERIC = 'write the same computation with basic operations (tf.matMul, tf.mul, tf.add, tf.sum, tf.conv2d, tf.gather, tf.slice)';

/** The learner-facing advice for a kernel the grader's backend lacks. */
export function missingKernelAdvice(kernel: string): string {
  return `TensorFlow.js operation '${kernel}' is not available on the grader's backend (wasm): ${ALTERNATIVES[kernel] ?? GENERIC}.`;
}

const RULES: { pattern: RegExp; message: (m: RegExpExecArray) => string }[] = [
  { pattern: /Kernel '(\w+)' not registered for backend 'wasm'/, message: (m) => missingKernelAdvice(m[1]!) },
  {
    pattern: /gradient function not found for (\w+)/,
    message: (m) => `TensorFlow.js has no gradient for operation '${m[1]}', so nothing that is trained or differentiated may go through it: ${ALTERNATIVES[m[1]!] ?? GENERIC}.`,
  },
  {
    // tfjs' wording names minimize(), which a learner's code usually never called: the grader did.
    pattern: /Cannot find a connection between any variable and the result of the loss function/,
    message: () =>
      'No gradient reaches any of the weights your weights() declares: the output is computed without them. Compute with the declared tf.Variables themselves, not with copies (tf.tensor(w.dataSync()), w.arraySync(), a new tf.variable(w.clone())).',
  },
];

/**
 * `e` with its message rewritten when it is one of the errors above, `e` itself otherwise. The
 * rewritten error keeps the original's class and stack frames, so the learner's line is still found.
 */
export function translateTfError(e: unknown): unknown {
  let message: string;
  try {
    if (Object.prototype.toString.call(e) !== '[object Error]') return e;
    message = String((e as Error).message);
  } catch {
    return e;
  }
  for (const rule of RULES) {
    const m = rule.pattern.exec(message);
    if (!m) continue;
    const err = e as Error;
    const out = new Error(rule.message(m));
    try {
      out.name = typeof err.name === 'string' ? err.name : 'Error';
      const frames = typeof err.stack === 'string' ? err.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
      out.stack = [`${out.name}: ${out.message}`, ...frames].join('\n');
    } catch {
      // A hostile error object: keep the plain rewritten one.
    }
    return out;
  }
  return e;
}
