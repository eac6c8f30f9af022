// Loads an exercise's trusted parts (checks.ts, solution.ts, probes.ts) into the grader process.
// Repo exercises are trusted code (checker zone); they are transpiled with the same loader as in
// the sandbox and see only the modules they may import.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as zod from 'zod';
import type { ExerciseDefinition } from '@tyinglab/exercises';
import * as checkLib from '../checks';
import type { ExerciseChecks } from '../checks/types';
import { initTf } from '../tf/init-tf';
import { asProbesModule, type ProbesModule } from '../sandbox/probe-runner';
import { evaluateModule, transpileTs } from '../sandbox/ts-module';

export interface TrustedExercise {
  def: ExerciseDefinition;
  checks: ExerciseChecks<unknown>;
  probesSource: string;
  probes: ProbesModule;
  solution: Record<string, unknown>;
  tf: Awaited<ReturnType<typeof initTf>>;
}

const cache = new Map<string, Promise<TrustedExercise>>();

async function load(def: ExerciseDefinition): Promise<TrustedExercise> {
  const tf = await initTf();
  const read = (f: string) => readFileSync(path.join(def.dir, f), 'utf8');
  const tfModules = { '@tensorflow/tfjs': tf };
  const probesSource = read('probes.ts');
  const probes = asProbesModule(evaluateModule(transpileTs(probesSource, 'probes.ts'), path.join(def.dir, 'probes.ts'), tfModules));
  const solution = evaluateModule(transpileTs(read('solution.ts'), 'solution.ts'), path.join(def.dir, 'solution.ts'), tfModules);
  const checksMod = evaluateModule(transpileTs(read('checks.ts'), 'checks.ts'), path.join(def.dir, 'checks.ts'), {
    '@tyinglab/grader': checkLib,
    zod,
    './probes': {}, // type-only import in checks.ts; nothing to provide at run time
  });
  const checks = checksMod.default as ExerciseChecks<unknown> | undefined;
  if (!checks || typeof checks.makePlan !== 'function' || typeof checks.checks !== 'object') {
    throw new Error(`${def.meta.slug}/checks.ts must \`export default defineChecks({ makePlan, checks })\``);
  }
  const missing = def.meta.checks.filter((c) => typeof checks.checks[c.name] !== 'function').map((c) => c.name);
  if (missing.length) throw new Error(`${def.meta.slug}/checks.ts has no function for check(s) ${missing.join(', ')}`);
  return { def, checks, probesSource, probes, solution, tf };
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
