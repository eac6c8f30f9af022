// Grading time of every exercise's reference solution through the full sandbox (warm pool on):
// `npm run bench:exercises -w @tyinglab/grader [-- --runs N]`. Prints median and max per exercise
// against its own time limit, and the slowest median. Also the visible checks
// alone through the in-browser runner (in node here: the same code, tfjs wasm, public plan), a
// proxy for the learner's "Run visible checks" wait after TensorFlow.js has loaded.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExercises } from '@tyinglab/exercise-format';
import { visibleExerciseFor } from '../browser/visible-exercise';
import { runVisibleChecks } from '../browser/visible-runner';
import { gradeSubmission } from '../grade/grade-submission';
import { loadTrustedExercise } from '../grade/trusted-exercise';
import { evaluateModule } from '../sandbox/ts-module';
import { warmPool } from '../sandbox/runner';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Math.max(1, Number(values.runs));
  const rows: { slug: string; checks: number; visible: number; wrong: number; median: number; max: number; limit: number; visibleMedian: number }[] = [];
  for (const def of loadExercises()) {
    const code = fs.readFileSync(path.join(def.dir, 'solution.ts'), 'utf8');
    await gradeSubmission({ exercise: def, code }); // warm-up: reference module load, pool refill
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await new Promise((r) => setTimeout(r, 1000)); // let the pool's replacement sandbox finish loading
      const o = await gradeSubmission({ exercise: def, code });
      if (o.status !== 'GRADED' || o.score !== 1) throw new Error(`${def.meta.slug}: solution did not score 1 (${o.status})`);
      times.push(o.durationMs);
    }
    const trusted = await loadTrustedExercise(def);
    const exercise = visibleExerciseFor(trusted);
    const visibleTimes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const v = await runVisibleChecks({ tf: trusted.tf, exercise, checks: trusted.visibleChecks, code, evaluate: evaluateModule });
      if (v.status !== 'CHECKED' || v.passed !== v.total) throw new Error(`${def.meta.slug}: solution failed a visible check in the browser runner`);
      if (i > 0) visibleTimes.push(v.durationMs); // the first run warms up
    }
    rows.push({
      slug: def.meta.slug,
      checks: def.meta.checks.length,
      visible: exercise.checks.length,
      wrong: def.meta.wrong.length,
      median: median(times),
      max: Math.max(...times),
      limit: def.meta.limits.timeMs,
      visibleMedian: median(visibleTimes),
    });
  }
  const w = Math.max(...rows.map((r) => r.slug.length));
  console.log(`Grading time of each reference solution, full sandbox, warm pool; ${runs} runs each (ms).`);
  console.log(`"visible" = the visible checks alone in the in-browser runner (public plan, lazy probes).\n`);
  console.log(`${'exercise'.padEnd(w)}  checks  visible  wrong  median    max  limit  visible median`);
  for (const r of rows) {
    console.log(
      `${r.slug.padEnd(w)}  ${String(r.checks).padStart(6)}  ${String(r.visible).padStart(7)}  ${String(r.wrong).padStart(5)}  ${String(Math.round(r.median)).padStart(6)}  ${String(Math.round(r.max)).padStart(5)}  ${String(r.limit).padStart(5)}  ${String(Math.round(r.visibleMedian)).padStart(14)}`,
    );
  }
  const slowest = rows.reduce((a, b) => (b.median > a.median ? b : a));
  console.log(`\nslowest median: ${slowest.slug} ${Math.round(slowest.median)} ms`);
  warmPool().drain();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
