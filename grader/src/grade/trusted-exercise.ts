// Loads an exercise's trusted parts (checks.ts, solution.ts, probes.ts) into the grader process.
// Repo exercises are trusted code (checker zone); they are transpiled with the same loader as in
// the sandbox and see only the modules they may import.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as zod from 'zod';
import type { ExerciseDefinition } from '@tyinglab/exercise-format';
import * as checkLib from '../checks';
import type { ExerciseChecks, VisibleChecks } from '../checks/types';
import { initTf } from '../tf/init-tf';
import { asProbesModule, probeModules, type ProbesModule } from '../sandbox/probe-runner';
import { evaluateModule, transpileTs } from '../sandbox/ts-module';

export interface TrustedExercise {
  def: ExerciseDefinition;
  checks: ExerciseChecks<unknown>;
  /** The visible checks alone (visible-checks.ts): what the browser bundle ships. */
  visibleChecks: VisibleChecks<unknown>;
  probesSource: string;
  probes: ProbesModule;
  solution: Record<string, unknown>;
  tf: Awaited<ReturnType<typeof initTf>>;
}

/** What checks.ts and visible-checks.ts may import (besides each other and probes.ts types). */
const checkModules = { '@tyinglab/grader/checks': checkLib, zod };

const cache = new Map<string, Promise<TrustedExercise>>();

async function load(def: ExerciseDefinition): Promise<TrustedExercise> {
  const tf = await initTf();
  const read = (f: string) => readFileSync(path.join(def.dir, f), 'utf8');
  const tfModules = { '@tensorflow/tfjs': tf };
  const probesSource = read('probes.ts');
  const probes = asProbesModule(evaluateModule(transpileTs(probesSource, 'probes.ts'), path.join(def.dir, 'probes.ts'), probeModules(tf)));
  const solution = evaluateModule(transpileTs(read('solution.ts'), 'solution.ts'), path.join(def.dir, 'solution.ts'), tfModules);
  const visibleChecks = loadVisibleChecks(def);
  const checksMod = evaluateModule(transpileTs(read('checks.ts'), 'checks.ts'), path.join(def.dir, 'checks.ts'), {
    ...checkModules,
    './probes': {}, // type-only import in checks.ts; nothing to provide at run time
    './visible-checks': visibleChecks.module,
  });
  const checks = checksMod.default as ExerciseChecks<unknown> | undefined;
  if (!checks || typeof checks.makePlan !== 'function' || typeof checks.checks !== 'object') {
    throw new Error(`${def.meta.slug}/checks.ts must \`export default defineChecks({ makePlan, checks })\``);
  }
  const missing = def.meta.checks.filter((c) => typeof checks.checks[c.name] !== 'function').map((c) => c.name);
  if (missing.length) throw new Error(`${def.meta.slug}/checks.ts has no function for check(s) ${missing.join(', ')}`);
  for (const name of Object.keys(visibleChecks.checks)) {
    if (checks.checks[name] !== visibleChecks.checks[name]) {
      throw new Error(`${def.meta.slug}/checks.ts must use visible check "${name}" from visible-checks.ts unchanged (spread it into \`checks\`)`);
    }
  }
  return { def, checks, visibleChecks: visibleChecks.checks, probesSource, probes, solution, tf };
}

/**
 * Loads visible-checks.ts and proves the split: it holds exactly the checks exercise.json marks
 * visible, so nothing hidden is ever shipped to the browser and no visible check is left out.
 */
export function loadVisibleChecks(def: ExerciseDefinition): { checks: VisibleChecks<unknown>; module: Record<string, unknown> } {
  const file = path.join(def.dir, 'visible-checks.ts');
  const mod = evaluateModule(transpileTs(readFileSync(file, 'utf8'), 'visible-checks.ts'), file, {
    ...checkModules,
    './probes': {},
  });
  const checks = mod.default as VisibleChecks<unknown> | undefined;
  if (!checks || typeof checks !== 'object') {
    throw new Error(`${def.meta.slug}/visible-checks.ts must \`export default defineVisibleChecks({ ... })\``);
  }
  const declared = def.meta.checks.filter((c) => c.visibility === 'visible').map((c) => c.name);
  const present = Object.keys(checks).filter((k) => typeof checks[k] === 'function');
  const missing = declared.filter((n) => !present.includes(n));
  const extra = Object.keys(checks).filter((n) => !declared.includes(n));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `is missing visible check(s) ${missing.join(', ')}` : '',
      extra.length ? `holds ${extra.join(', ')}, which exercise.json does not mark visible (hidden checks stay in checks.ts)` : '',
    ].filter(Boolean);
    throw new Error(`${def.meta.slug}/visible-checks.ts ${parts.join(' and ')}`);
  }
  return { checks, module: mod };
}

/** Cached per exercise content hash (a changed folder is reloaded). */
export function loadTrustedExercise(def: ExerciseDefinition): Promise<TrustedExercise> {
  const key = `${def.dir}:${def.contentHash}`;
  let p = cache.get(key);
  if (!p) {
    p = load(def);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
