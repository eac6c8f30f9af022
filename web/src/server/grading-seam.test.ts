// The seam between grading and the site, with nothing stubbed: real submissions of a real exercise,
// graded by the real worker process (started by its `grader` bin, as operators start it) in its
// sandbox, written to a real database, read back through the data layer and the site's view model.
// Asserts exactly what the result panel receives.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkResultSchema, internalErrorMessage, type CheckResult } from '@tyinglab/contract';
import { createSubmission, createUser, getSubmissionForViewer, syncExercises, type PublicUser } from '@tyinglab/db';
import { createTestDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { loadExercise } from '@tyinglab/exercise-format';
import { environmentWith } from '../env';
import type { SubmissionViewJson } from '../lib/wire';
import { toSubmissionViewJson } from './submission-view';

jest.setTimeout(180_000);

/** The bin npm links for the grader workspace. */
const GRADER_BIN = path.join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'grader');
const exercise = loadExercise('tied-conv2d');
const source = (file: string) => fs.readFileSync(path.join(exercise.dir, file), 'utf8');

/** Everything the view model may send for a submission; anything else would be a leak. */
const VIEW_KEYS = ['checks', 'createdAt', 'exerciseSlug', 'finishedAt', 'id', 'message', 'queuePosition', 'reason', 'score', 'status'];

describe('grading → database → result view (tied-conv2d)', () => {
  let t: TestDatabase;
  const views: Record<string, SubmissionViewJson> = {};
  let workerLog = '';

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await syncExercises([exercise], t.db);
    const learner = await createUser({ email: 'seam@test', displayName: 'Seam', password: 'pw-123456' }, t.db);
    const other = await createUser({ email: 'seam2@test', displayName: 'Seam 2', password: 'pw-123456' }, t.db);
    const submit = async (user: PublicUser, code: string) => (await createSubmission({ userId: user.id, exerciseSlug: exercise.meta.slug, code }, t.db)).id;
    const ids = {
      solution: await submit(learner, source('solution.ts')),
      frozen: await submit(learner, source('wrong/frozen-kernel.ts')),
      broken: await submit(learner, 'export function createTiedConv2d( {'),
      stale: await submit(other, source('solution.ts')),
    };
    // Submitted while the exercise was at another version: no worker has that version any more.
    await t.db.submission.update({ where: { id: ids.stale }, data: { exerciseContentHash: '0'.repeat(64) } });

    const worker = spawn(GRADER_BIN, ['worker', '--once', '--poll-ms', '50'], { env: environmentWith({ DATABASE_URL: t.url }), stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout.on('data', (d) => (workerLog += d));
    worker.stderr.on('data', (d) => (workerLog += d));
    const code = await new Promise<number | null>((resolve) => worker.on('exit', resolve));
    if (code !== 0) throw new Error(`worker exited with ${code}:\n${workerLog}`);

    for (const [key, id] of Object.entries(ids)) {
      const viewer = key === 'stale' ? other : learner;
      const view = await getSubmissionForViewer(id, viewer, t.db);
      if (!view) throw new Error(`no view of ${key}`);
      // What the API and the live stream send (JSON), not the in-memory object.
      views[key] = JSON.parse(JSON.stringify(toSubmissionViewJson(view))) as SubmissionViewJson;
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  const points = (v: SubmissionViewJson) => v.checks.map((c) => [c.name, c.visibility, c.points, c.maxPoints, c.passed]);
  const trains = (v: SubmissionViewJson): CheckResult => v.checks.find((c) => c.name === 'trains-like-reference')!;

  it('sends only the view fields and checks exactly as the results contract defines them', () => {
    for (const v of Object.values(views)) {
      expect(Object.keys(v).sort()).toEqual(VIEW_KEYS);
      for (const c of v.checks) expect(checkResultSchema.safeParse(c).error?.issues ?? []).toEqual([]);
    }
    // No diagnostics, seeds or submitted code in what the browser gets.
    const sent = JSON.stringify(views);
    expect(sent).not.toMatch(/"(seed|internalError|code|leaseOwner|attempts)"/);
    expect(sent).not.toContain('Not graded: submitted for exercise version');
  });

  it('the solution: every check with full points, the loss plot with labelled axes and both curves', () => {
    const v = views.solution!;
    expect([v.status, v.score, v.reason, v.message]).toEqual(['GRADED', 1, null, null]);
    // Every check of exercise.json, in its order, with its visibility and full points.
    expect(points(v)).toEqual(exercise.meta.checks.map((c) => [c.name, c.visibility.toUpperCase(), c.points, c.points, true]));
    const [plot] = trains(v).plots;
    expect(plot).toMatchObject({ kind: 'line', title: 'Training loss, same initial weights and data', xLabel: 'optimizer step', yLabel: 'loss', x: [0, 1, 2, 3, 4, 5] });
    expect(plot!.series.map((s) => [s.name, s.style, s.values.length])).toEqual([
      ['your loss', 'solid', 6],
      ['reference loss', 'dashed', 6],
    ]);
    // Facts under human labels; an equivariance check draws nothing (its arrays are not curves).
    const eq = v.checks.find((c) => c.name === 'translation-equivariance')!;
    expect(eq.plots).toEqual([]);
    expect(eq.facts.map((f) => f.label)).toEqual(expect.arrayContaining(['compared values', 'largest single difference']));
    const expected = v.checks.find((c) => c.name === 'param-count')!.facts.find((f) => f.label === 'expected parameters');
    expect(typeof expected?.value).toBe('number');
  });

  it('a frozen kernel: only training fails, and its plot shows a learner curve apart from the reference', () => {
    const v = views.frozen!;
    expect(v.status).toBe('GRADED');
    // The forward pass is right, so the output checks keep their points; training cannot match.
    const byName = new Map(v.checks.map((c) => [c.name, c]));
    for (const name of ['param-count', 'matches-reference', 'translation-equivariance']) {
      expect([name, byName.get(name)?.passed, byName.get(name)?.points]).toEqual([name, true, byName.get(name)?.maxPoints]);
    }
    expect(byName.get('trains-like-reference')).toMatchObject({ passed: false, points: 0 });
    // The score is what the listed checks add up to (the view adds nothing of its own).
    const total = exercise.meta.checks.reduce((a, c) => a + c.points, 0);
    expect(v.score).toBeCloseTo(v.checks.reduce((a, c) => a + c.points, 0) / total, 10);
    expect(v.score).toBeLessThan(1);
    const training = trains(v);
    expect(training.message).toMatch(/^Training diverges from the reference from step 1 on/);
    const [mine, ref] = training.plots[0]!.series;
    expect(mine!.values).not.toEqual(ref!.values);
    expect(mine!.values[0]).toBeCloseTo(ref!.values[0]!, 4);
  });

  it('code that does not compile: NOT_GRADABLE with its reason and message, no checks', () => {
    const v = views.broken!;
    expect(v).toMatchObject({ status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR', score: null, checks: [], queuePosition: null });
    expect(v.message).toMatch(/^Your code does not compile/);
  });

  it('a submission for a version no worker has: not graded, and the learner is told to resubmit', () => {
    const v = views.stale!;
    expect(v).toMatchObject({ status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', score: null, checks: [] });
    expect(v.message).toBe(internalErrorMessage('EXERCISE_VERSION_MISMATCH'));
    expect(workerLog).toMatch(/INTERNAL_ERROR EXERCISE_VERSION_MISMATCH/);
  });
});
