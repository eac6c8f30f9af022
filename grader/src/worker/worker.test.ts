// The worker as it runs in production: a separate `grader worker` process on a real database,
// grading in real sandboxes. Covers the queue path end to end, including a worker killed mid-job.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createSubmission, createUser, syncExercises } from '@tyinglab/db';
import { createTestDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { exercisesRoot, loadExercise, loadExercises } from '@tyinglab/exercise-format';
import { environmentWith } from '../config';

const CLI = path.join(__dirname, '..', 'cli', 'main.ts');
const SLUG = 'tied-conv2d';
const solution = fs.readFileSync(path.join(exercisesRoot(), SLUG, 'solution.ts'), 'utf8');

function startWorker(url: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', ...args], {
    env: environmentWith({ DATABASE_URL: url }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: the kill below takes the worker and its sandbox together
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** Runs a worker until it exits; its exit code and everything it logged. */
async function runWorkerToEnd(url: string, args: string[]): Promise<{ code: number | null; log: string }> {
  const worker = startWorker(url, args);
  let log = '';
  worker.stdout?.on('data', (d) => (log += d));
  worker.stderr?.on('data', (d) => (log += d));
  return { code: await exited(worker), log };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('grader worker process', () => {
  let t: TestDatabase;
  let userId: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await syncExercises(loadExercises(), t.db);
    userId = (await createUser({ email: 'w@test', displayName: 'W', password: 'pw-123456' }, t.db)).id;
  });
  afterAll(async () => {
    await t.drop();
  });

  const submit = async (code: string) => (await createSubmission({ userId, exerciseSlug: SLUG, code }, t.db)).id;

  it('grades queued submissions with the right outcome each and writes every check', async () => {
    const good = await submit(solution);
    const broken = await submit('export function oops( {');
    const worker = startWorker(t.url, ['--once', '--poll-ms', '50']);
    let log = '';
    worker.stdout?.on('data', (d) => (log += d));
    worker.stderr?.on('data', (d) => (log += d));
    expect(await exited(worker)).toBe(0);

    const g = await t.db.submission.findUniqueOrThrow({ where: { id: good }, include: { checkResults: true } });
    expect({ status: g.status, score: g.score, attempts: g.attempts }).toEqual({ status: 'GRADED', score: 1, attempts: 1 });
    expect(g.checkResults.length).toBeGreaterThanOrEqual(3);
    expect(g.checkResults.every((c) => c.passed && c.message.length > 0)).toBe(true);
    // The exercise declares a leaderboard metric: the worker stored the trusted check's measurement.
    expect(g.metricKind).toBe(loadExercise(SLUG).meta.leaderboardMetric?.kind);
    expect(g.metricValue).toEqual(expect.any(Number));

    const b = await t.db.submission.findUniqueOrThrow({ where: { id: broken }, include: { checkResults: true } });
    expect(b).toMatchObject({ status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR' });
    expect(b.checkResults).toEqual([]);
    expect(log).toContain(`finished ${good}`);
  }, 120_000);

  it('a worker killed mid-job leaves a lease that another worker re-claims and completes', async () => {
    // A correct solution that takes a few seconds to load the first time (each probe evaluates the
    // module afresh; the global flag keeps the delay to one), so the first worker is caught mid-job.
    const slow = `const __g = globalThis as { __slowOnce?: boolean };\nif (!__g.__slowOnce) { __g.__slowOnce = true; const __until = Date.now() + 4000; while (Date.now() < __until) {} }\n${solution}`;
    const id = await submit(slow);
    const first = startWorker(t.url, ['--lease-ms', '1500', '--poll-ms', '50', '--id', 'doomed']);
    await waitFor('the first worker to claim the job', async () => {
      const row = await t.db.submission.findUnique({ where: { id } });
      return row?.status === 'RUNNING' && row.leaseOwner === 'doomed';
    });
    process.kill(-first.pid!, 'SIGKILL');
    await exited(first);
    const stuck = await t.db.submission.findUniqueOrThrow({ where: { id } });
    expect(stuck).toMatchObject({ status: 'RUNNING', leaseOwner: 'doomed', attempts: 1 });

    // Let the lease expire, then a second worker takes over.
    await waitFor('the lease to expire', async () => (stuck.leaseExpiresAt!.getTime() < Date.now() - 50 ? true : false), 10_000);
    const second = startWorker(t.url, ['--once', '--poll-ms', '50', '--id', 'rescuer']);
    expect(await exited(second)).toBe(0);
    const done = await t.db.submission.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ status: 'GRADED', score: 1, attempts: 2, leaseOwner: null });
  }, 120_000);

  it('grades a submission only against the exercise version the learner saw', async () => {
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    const once = ['--once', '--poll-ms', '50', '--max-attempts', '2'];

    // Submitted for an earlier version; the site and this worker have the new one. A correct
    // solution, so grading it against the disk version would have scored 1: it must not be graded.
    const stale = await submit(solution);
    await t.db.submission.update({ where: { id: stale }, data: { exerciseContentHash: 'a'.repeat(64) } });
    const refused = await runWorkerToEnd(t.url, once);
    expect(refused.code).toBe(0);
    const s = await t.db.submission.findUniqueOrThrow({ where: { id: stale }, include: { checkResults: true } });
    expect(s).toMatchObject({ status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', score: null, attempts: 1 });
    expect(s.checkResults).toEqual([]);
    expect(s.internalError).toContain(`submitted for exercise version aaaaaaaaaaaa; the exercise changed since (now ${exercise.contentHash.slice(0, 12)}`);
    expect(refused.log).toContain(`finished ${stale}: INTERNAL_ERROR EXERCISE_VERSION_MISMATCH`);

    // The site has a version this worker lacks (a deploy in progress): the job goes back to the
    // queue for a worker that has it, and the attempt counts…
    await t.db.exercise.update({ where: { id: exercise.id }, data: { contentHash: 'b'.repeat(64) } });
    try {
      const ahead = await submit(solution);
      const handedBack = await runWorkerToEnd(t.url, once);
      expect(handedBack.code).toBe(0);
      expect(await t.db.submission.findUniqueOrThrow({ where: { id: ahead } })).toMatchObject({ status: 'QUEUED', attempts: 1, score: null, leaseOwner: null });
      expect(handedBack.log).toContain(`handed back ${ahead}: submitted for exercise version bbbbbbbbbbbb`);
      // …so when no worker with that version turns up, the attempts cap ends it instead of a loop.
      const last = await runWorkerToEnd(t.url, once);
      expect(last.code).toBe(0);
      const a = await t.db.submission.findUniqueOrThrow({ where: { id: ahead }, include: { checkResults: true } });
      expect(a).toMatchObject({ status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', attempts: 2 });
      expect(a.internalError).toContain('after 2 claims no worker with that version graded it');
      expect(a.checkResults).toEqual([]);
    } finally {
      await t.db.exercise.update({ where: { id: exercise.id }, data: { contentHash: exercise.contentHash } });
    }
  }, 180_000);
});
