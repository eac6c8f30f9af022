// Runs an exercise's probes.ts against a loaded module (learner's in the sandbox, the solution in
// the trusted process): same code path on both sides, so the numbers are comparable.
import type * as tfType from '@tensorflow/tfjs';
import { describeError, errorLocation } from './ts-transpile';
import type { ProbeAnswers, ProbeResult } from './protocol';
import * as probeKit from '../probe-kit';
import { translateTfError } from '../tf/tf-errors';

type Tf = typeof tfType;
export type ProbeFn = (learner: Record<string, unknown>, plan: unknown) => unknown;

export interface ProbesModule {
  /** Names the learner module must export (checked before any probe runs). */
  requiredExports: string[];
  probes: Record<string, ProbeFn>;
}

/**
 * What probes.ts may import: tfjs (the same instance the learner's code gets) and the probe kit.
 * Learner modules get tfjs only.
 */
export function probeModules(tf: Tf): Record<string, unknown> {
  return { '@tensorflow/tfjs': tf, '@tyinglab/grader/probe-kit': probeKit };
}

export function asProbesModule(mod: Record<string, unknown>): ProbesModule {
  const probes = mod.probes;
  const required = mod.requiredExports;
  if (typeof probes !== 'object' || probes === null) throw new Error('probes.ts must export `probes` (an object of functions)');
  for (const [k, v] of Object.entries(probes)) if (typeof v !== 'function') throw new Error(`probes.ts: probes.${k} is not a function`);
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) throw new Error('probes.ts must export `requiredExports: string[]`');
  return { probes: probes as Record<string, ProbeFn>, requiredExports: required as string[] };
}

/**
 * Message for a learner module missing a required export, or null when all are present. Reading an
 * export runs learner code (a getter, a Proxy trap); one that throws is the learner's load error.
 */
export function missingExports(learner: Record<string, unknown>, required: string[], filename?: string): string | null {
  const missing: string[] = [];
  for (const r of required) {
    let value: unknown;
    try {
      value = learner[r];
    } catch (e) {
      return `reading the export \`${r}\` threw ${describeError(e, filename)}`;
    }
    if (typeof value !== 'function') missing.push(r);
  }
  return missing.length ? `Your module must export ${missing.map((m) => `a function named \`${m}\``).join(' and ')}.` : null;
}

/**
 * Evaluates the learner's module once more (same compiled code, same `require`). Given to runProbe,
 * each probe gets a module of its own, evaluated inside the probe's scope.
 */
export type ModuleReloader = () => Record<string, unknown>;

/** Runs every probe in order; each one's tensors and variables are disposed afterwards. */
export async function runProbes(tf: Tf, learner: Record<string, unknown>, probes: ProbesModule, plan: unknown, filename: string, reload?: ModuleReloader): Promise<ProbeAnswers> {
  const answers: ProbeAnswers = {};
  for (const name of Object.keys(probes.probes)) answers[name] = await runProbe(tf, learner, probes, name, plan, filename, reload);
  return answers;
}

/**
 * Runs one probe; its tensors and the variables it created are disposed afterwards.
 *
 * With `reload`, the probe runs against a fresh evaluation of the learner's module rather than
 * `learner`. Why: the scope disposes every tensor created during the probe, including one the
 * learner's code creates on first use and caches at module level (a one-hot picker, shift matrices
 * built once per size), which plain TensorFlow.js keeps forever; the next probe would then compute
 * with a disposed tensor. A module of its own per probe owns its caches for exactly the probe's
 * lifetime, so they are built, used and disposed together, and no probe sees state another left
 * behind (probes answer the same whichever of them run, and in whichever order: the browser runs
 * only some). Tensors the module creates at load are created inside the scope too, and go with it.
 * Reloading runs learner code after the plan arrived: an error there is this probe's failure.
 */
export async function runProbe(tf: Tf, learner: Record<string, unknown>, probes: ProbesModule, name: string, plan: unknown, filename: string, reload?: ModuleReloader): Promise<ProbeResult> {
  const fn = probes.probes[name];
  if (!fn) return { ok: false, error: `probes.ts has no probe "${name}"`, ms: 0 };
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const t0 = performance.now();
  tf.engine().startScope();
  try {
    const value = await fn(reload ? reload() : learner, plan);
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, error: describeError(translateTfError(e), filename), ...errorLocation(e, filename), ms: performance.now() - t0 };
  } finally {
    tf.engine().endScope();
    for (const [vname, v] of Object.entries(tf.engine().registeredVariables)) {
      if (!before.has(vname)) v.dispose();
    }
  }
}
