// Grading time of every exercise's reference solution through the full sandbox (warm pool on):
// `npm run bench:exercises -w @tyinglab/grader [-- --runs N]`. Prints median and max per exercise
// against its own time limit, and the slowest median (issue 5 asks for it).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExercises } from '@tyinglab/exercises';
import { gradeSubmission } from '../grade/grade-submission';
import { warmPool } from '../sandbox/runner';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Math.max(1, Number(values.runs));
  const rows: { slug: string; checks: number; wrong: number; median: number; max: number; limit: number }[] = [];
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
    rows.push({ slug: def.meta.slug, checks: def.meta.checks.length, wrong: def.meta.wrong.length, median: median(times), max: Math.max(...times), limit: def.meta.limits.timeMs });
  }
  const w = Math.max(...rows.map((r) => r.slug.length));
  console.log(`Grading time of each reference solution, full sandbox, warm pool; ${runs} runs each (ms)\n`);
  console.log(`${'exercise'.padEnd(w)}  checks  wrong  median    max  limit`);
  for (const r of rows) {
    console.log(`${r.slug.padEnd(w)}  ${String(r.checks).padStart(6)}  ${String(r.wrong).padStart(5)}  ${String(Math.round(r.median)).padStart(6)}  ${String(Math.round(r.max)).padStart(5)}  ${String(r.limit).padStart(5)}`);
  }
  const slowest = rows.reduce((a, b) => (b.median > a.median ? b : a));
  console.log(`\nslowest median: ${slowest.slug} ${Math.round(slowest.median)} ms`);
  warmPool().drain();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
