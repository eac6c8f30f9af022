// Kernels the wasm backend lacks but correct learner code reaches, registered for 'wasm' by running
// the cpu backend's own kernel function on a copy of the inputs. Why: grading runs on wasm, and
// without these a correct solution that takes another legitimate route fails with "Kernel 'X' not
// registered for backend 'wasm'":
// - UnsortedSegmentSum: the gradient of tf.gather (embeddings, pickers) and tf.unsortedSegmentSum;
// - Conv2DBackpropFilter: the gradient of fused conv2d, which the Layers API (tf.layers.conv2d with
//   a bias) uses — the plain Conv2D gradient is conv2d-grad.ts;
// - DepthwiseConv2dNativeBackpropFilter / …Input: the gradients of tf.depthwiseConv2d and
//   tf.separableConv2d;
// - Einsum: tf.einsum.
// The cpu kernel computes exactly what TensorFlow.js computes on cpu; the copies cost a little time
// on these (rare) ops only. Kernels still missing are translated for learners by tf-errors.ts.
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type Info = tfType.TensorInfo;

/** Kernels registered for wasm by registerMissingWasmKernels (when wasm does not have them). */
export const CPU_FALLBACK_KERNELS = ['UnsortedSegmentSum', 'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Einsum'] as const;

interface DataBackend {
  write(values: unknown, shape: number[], dtype: tfType.DataType): object;
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** A wasm kernel that runs `kernelName`'s cpu kernel function on copies of its inputs. */
function cpuFallback(tf: Tf, kernelName: string): tfType.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpuKernel = tf.getKernel(kernelName, 'cpu');
      const cpu = tf.findBackend('cpu') as unknown as DataBackend | null;
      if (!cpuKernel || !cpu) throw new Error(`Kernel '${kernelName}' not registered for backend 'wasm'`);
      const wasm = backend as unknown as DataBackend;
      const written: object[] = [];
      // Einsum's inputs are an array of tensors, the others a record by name: keep the form.
      const cpuInputs: Record<string, Info> = (Array.isArray(inputs) ? [] : {}) as Record<string, Info>;
      for (const [key, info] of Object.entries(inputs as Record<string, Info | undefined>)) {
        if (!info) continue;
        const dataId = cpu.write(wasm.readSync(info.dataId), [...info.shape], info.dtype);
        written.push(dataId);
        cpuInputs[key] = { dataId, shape: info.shape, dtype: info.dtype };
      }
      try {
        const out = cpuKernel.kernelFunc({ inputs: cpuInputs as tfType.NamedTensorInfoMap, backend: cpu as unknown as tfType.KernelBackend, attrs });
        const outs = Array.isArray(out) ? out : [out];
        const back = outs.map((o) => {
          const values = cpu.readSync(o.dataId);
          // An output may alias an input (a no-op reshape): dispose each cpu buffer once, below.
          if (!written.includes(o.dataId)) written.push(o.dataId);
          return { dataId: wasm.write(values, [...o.shape], o.dtype), shape: o.shape, dtype: o.dtype } as Info;
        });
        return Array.isArray(out) ? back : back[0]!;
      } finally {
        for (const id of written) cpu.disposeData(id, true);
      }
    },
  };
}

/**
 * Registers the kernels above for wasm, each only when the wasm backend has none (a later tfjs may
 * bring its own). Call after '@tensorflow/tfjs-backend-wasm' is imported (it registers its kernels
 * on import); idempotent.
 */
export function registerMissingWasmKernels(tf: Tf): string[] {
  const added: string[] = [];
  for (const name of CPU_FALLBACK_KERNELS) {
    if (tf.getKernel(name, 'wasm') || !tf.getKernel(name, 'cpu')) continue;
    tf.registerKernel(cpuFallback(tf, name));
    added.push(name);
  }
  return added;
}
