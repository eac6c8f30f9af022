// Temporary debugging harness (J3): runs an exercise's probes in-process on a file and prints
// each probe's outcome, then each check's outcome. Not part of the project.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise } from '@tyinglab/exercise-format';
import { loadTrustedExercise } from './grade/trusted-exercise';
import { evaluateModule, transpileTs } from './sandbox/ts-module';
import { runProbes } from './sandbox/probe-runner';
import { Rng } from './util/rng';
import { AnswerError } from './checks/types';

(async () => {
  const [slug, file, seed = 'validate'] = process.argv.slice(2);
  const def = loadExercise(slug!);
  const t = await loadTrustedExercise(def);
  const plan = t.checks.makePlan(new Rng(seed));
  const learner = evaluateModule(transpileTs(readFileSync(file!, 'utf8'), 'submission.ts'), path.resolve(file!), { '@tensorflow/tfjs': t.tf });
  const t0 = Date.now();
  const mine = await runProbes(t.tf, learner, t.probes, plan, 'submission.ts');
  const t1 = Date.now();
  const ref = await runProbes(t.tf, t.solution, t.probes, plan, 'solution.ts');
  console.log(`probes: learner ${t1 - t0} ms, reference ${Date.now() - t1} ms`);
  for (const [k, v] of Object.entries(mine)) if (!v.ok) console.log(`probe ${k} FAILED: ${v.error}`);
  if (process.env.J3_SHOW) console.log(JSON.stringify((mine as any)[process.env.J3_SHOW]).slice(0, 2000));
  const get = (a: typeof mine) => (probe: string, schema: { parse(x: unknown): unknown }) => {
    const r = a[probe];
    if (!r || !r.ok) throw new AnswerError(`probe ${probe} failed: ${r && !r.ok ? r.error : 'missing'}`);
    return schema.parse(r.value);
  };
  for (const [name, fn] of Object.entries(t.checks.checks)) {
    try {
      const o = fn({ plan, tolerance: def.meta.tolerance, learner: get(mine) as never, reference: get(ref) as never });
      console.log(`${o.passed ? 'PASS' : 'FAIL'} ${name}: ${o.message}`);
    } catch (e) {
      console.log(`ERR  ${name}: ${(e as Error).message.slice(0, 400)}`);
    }
  }
})();
