// How the child process is wrapped. Each layer rewrites the spawn spec; the list is built once per
// run. Today: node resource flags only. bubblewrap/seccomp/prlimit/uid layers plug in here later.
export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface SandboxLimits {
  timeLimitMs: number;
  memoryMb: number;
  maxStdoutBytes: number;
  maxStderrBytes: number;
}

export interface SandboxLayer {
  readonly name: string;
  apply(spec: SpawnSpec, limits: SandboxLimits): SpawnSpec;
}

/** Node flags: JS heap cap, no inherited NODE_OPTIONS, no warnings noise. */
export const nodeFlagsLayer: SandboxLayer = {
  name: 'node-flags',
  apply(spec, limits) {
    return {
      ...spec,
      args: [`--max-old-space-size=${limits.memoryMb}`, '--no-warnings', '--disallow-code-generation-from-strings', ...spec.args],
    };
  },
};

/** Scrubbed environment: the child sees nothing of ours (no DATABASE_URL, tokens, HOME). */
export const scrubEnvLayer: SandboxLayer = {
  name: 'scrub-env',
  apply(spec) {
    return { ...spec, env: { NODE_ENV: 'production', LANG: 'C.UTF-8', ...pick(spec.env, ['TZ']) } };
  },
};

function pick(env: Record<string, string>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (env[k] !== undefined) out[k] = env[k];
  return out;
}

export function defaultLayers(): SandboxLayer[] {
  return [scrubEnvLayer, nodeFlagsLayer];
}
