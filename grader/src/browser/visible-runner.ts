// Runs an exercise's visible checks against learner code in one JavaScript realm: the learner's
// browser (check-worker.ts) or, for validation, node. No sandbox and no reference: the code is the
// learner's own, running on their own machine, and visible checks only look at its own answers on
// a public plan. The server grades again from scratch; nothing here counts towards the score.
import type * as tfType from '@tensorflow/tfjs';
import type { NotGradableReason } from '@tyinglab/contract';
import type { CheckResult, VisibleCheckContext, VisibleChecks } from '../checks/types';
import { evaluateCheck, validated } from '../grade/run-checks';
import { sanitizeLearnerText } from '../grade/learner-text';
import { asProbesModule, missingExports, probeModules, runProbe } from '../sandbox/probe-runner';
import type { ProbeAnswers } from '../sandbox/protocol';
import { CompileError, describeError, transpileTs } from '../sandbox/ts-transpile';

type Tf = typeof tfType;

/** Turns compiled CommonJS into a module object: node's vm in tests, `new Function` in the worker. */
export type ModuleEvaluator = (js: string, filename: string, modules: Record<string, unknown>) => Record<string, unknown>;

/** What the browser needs for one exercise (written to `<slug>.json` by build-browser.ts). */
export interface VisibleExercise {
  slug: string;
  /** The exercise folder's content hash: the page compares it with the synced exercise. */
  contentHash: string;
  tolerance: { atol: number; rtol: number };
  /** The visible checks, in exercise.json order. */
  checks: { name: string; title: string; points: number }[];
  /** How many hidden checks run only when the learner submits. */
  hiddenChecks: number;
  /** probes.ts compiled to CommonJS (public glue). */
  probesJs: string;
  /** makePlan() with a public seed: the learner may see every number in it. */
  plan: unknown;
}

export type VisibleRunOutcome =
  | { status: 'CHECKED'; checks: CheckResult[]; passed: number; total: number; durationMs: number }
  | { status: 'NOT_RUNNABLE'; reason: Extract<NotGradableReason, 'COMPILE_ERROR' | 'LOAD_ERROR'>; message: string; durationMs: number };

/** A check asked for a probe that has not run yet: run it, then evaluate the check again. */
class NeedsProbe {
  constructor(readonly probe: string) {}
}

export interface RunVisibleOptions {
  tf: Tf;
  exercise: VisibleExercise;
  checks: VisibleChecks<unknown>;
  code: string;
  evaluate: ModuleEvaluator;
  filename?: string;
}

/**
 * Compiles and loads the learner module, then evaluates each visible check. Probes run lazily, only
 * those the visible checks ask for (a check is re-evaluated once its probe has answered), so the
 * browser never trains a model that only a hidden check needs.
 */
export async function runVisibleChecks({ tf, exercise, checks, code, evaluate, filename = 'submission.ts' }: RunVisibleOptions): Promise<VisibleRunOutcome> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const tfModules = { '@tensorflow/tfjs': tf };
  const probes = asProbesModule(evaluate(exercise.probesJs, 'probes.ts', probeModules(tf)));

  let learnerJs: string;
  try {
    learnerJs = transpileTs(code, filename);
  } catch (e) {
    if (e instanceof CompileError) return { status: 'NOT_RUNNABLE', reason: 'COMPILE_ERROR', message: `Your code does not compile: ${sanitizeLearnerText(e.message)}`, durationMs: elapsed() };
    throw e;
  }
  let learner: Record<string, unknown>;
  try {
    learner = evaluate(learnerJs, filename, tfModules);
  } catch (e) {
    return { status: 'NOT_RUNNABLE', reason: 'LOAD_ERROR', message: `Your module could not be loaded: ${sanitizeLearnerText(describeError(e, filename))}`, durationMs: elapsed() };
  }
  const missing = missingExports(learner, probes.requiredExports);
  if (missing) return { status: 'NOT_RUNNABLE', reason: 'LOAD_ERROR', message: `Your module could not be loaded: ${missing}`, durationMs: elapsed() };

  const answers: ProbeAnswers = {};
  const ctx: VisibleCheckContext<unknown> = {
    plan: exercise.plan,
    tolerance: exercise.tolerance,
    learner: (probe, schema) => {
      if (!Object.prototype.hasOwnProperty.call(answers, probe)) throw new NeedsProbe(probe);
      return validated(answers, probe, schema, 'learner');
    },
  };

  const results: CheckResult[] = [];
  for (const c of exercise.checks) {
    const fn = checks[c.name];
    if (!fn) throw new Error(`visible check "${c.name}" of ${exercise.slug} is not in the bundle`);
    const meta = { ...c, visibility: 'visible' as const };
    for (let attempt = 0; ; attempt++) {
      const need: { probe: string | null } = { probe: null };
      const result = evaluateCheck(meta, () => {
        try {
          return fn(ctx);
        } catch (e) {
          if (!(e instanceof NeedsProbe)) throw e;
          need.probe = e.probe;
          return { passed: false, message: '' };
        }
      });
      const pending = need.probe;
      if (pending === null) {
        results.push(result);
        break;
      }
      if (attempt > Object.keys(probes.probes).length) throw new Error(`visible check "${c.name}" keeps asking for probe "${pending}"`);
      // JSON round trip: the learner's values reach the check exactly as they would from the sandbox
      // (NaN becomes null and is refused by the check's schema, typed arrays become arrays).
      // A fresh evaluation of the module per probe, as in the sandbox (probe-runner.ts, runProbe).
      const raw = await runProbe(tf, learner, probes, pending, exercise.plan, filename, () => evaluate(learnerJs, filename, tfModules));
      answers[pending] = raw.ok ? { ok: true, value: jsonRoundTrip(raw.value), ms: raw.ms } : raw;
    }
  }
  const passed = results.filter((r) => r.passed).length;
  return { status: 'CHECKED', checks: results, passed, total: results.length, durationMs: elapsed() };
}

function jsonRoundTrip(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : (JSON.parse(json) as unknown);
}
