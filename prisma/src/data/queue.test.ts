import { execFile } from 'node:child_process';
import type { Plot } from '@tyinglab/contract';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { migrateDatabase } from '../migrate';
import { claimNextSubmission } from './claim-next-submission';
import { createSubmission, SUBMISSION_CODE_MAX_BYTES } from './create-submission';
import { DbError } from './errors';
import { syncExercises } from './exercises';
import { completeSubmission, handBackSubmission, releaseSubmission, renewLease } from './grading-results';
import { seedDemo } from './seed-demo';
import { getSubmissionForViewer } from './submission-views';
import { authenticate, createUser } from './users';

const execFileAsync = promisify(execFile);

const lossPlot: Plot = {
  kind: 'line',
  title: 'Training loss',
  xLabel: 'optimizer step',
  yLabel: 'loss',
  x: [0, 1, 2],
  series: [
    { name: 'your loss', values: [2, 2, null], style: 'solid' },
    { name: 'reference loss', values: [2, 1.5, 1.2], style: 'dashed' },
  ],
};

const exerciseDef = (slug: string, hash = 'h1') => ({
  meta: { slug, title: `T ${slug}`, summary: 's', difficulty: 'intro', concepts: ['convolution'], points: 10, position: 1, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: hash,
});

describe.each(TEST_PROVIDERS)('submission queue on %s', (provider) => {
  let t: TestDatabase;
  let userId: string;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exerciseDef('tied-conv2d')], t.db);
    userId = (await createUser({ email: `u@${provider}.test`, displayName: 'U', password: 'pw-123456' }, t.db)).id;
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.checkResult.deleteMany({});
    await t.db.submission.deleteMany({});
  });

  const submit = (code = 'export const x = 1;') => createSubmission({ userId, exerciseSlug: 'tied-conv2d', code }, t.db);

  it('migrations are idempotent: a second run applies nothing', async () => {
    const again = await migrateDatabase(t.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
  });

  it('rejects unknown exercises and oversized code without writing a row', async () => {
    await expect(createSubmission({ userId, exerciseSlug: 'nope', code: 'x' }, t.db)).rejects.toMatchObject({ code: 'UNKNOWN_EXERCISE' });
    await expect(submit('x'.repeat(SUBMISSION_CODE_MAX_BYTES + 1))).rejects.toBeInstanceOf(DbError);
    expect(await t.db.submission.count()).toBe(0);
  });

  it('limits a learner to a few pending submissions, then accepts again once graded', async () => {
    const first = [await submit(), await submit(), await submit()];
    const refused = await submit().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect((refused as DbError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await t.db.submission.count({ where: { userId } })).toBe(3);
    const job = await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    expect(job?.id).toBe(first[0]!.id);
    await completeSubmission(job!.id, 'w', { status: 'GRADED', score: 1, checks: [], gradingMs: 1 }, t.db);
    await expect(submit()).resolves.toHaveProperty('id');
  });

  it('writes QUEUED rows and hands them out oldest first, each once', async () => {
    const a = await submit();
    const b = await submit();
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('QUEUED');
    const first = await claimNextSubmission({ workerId: 'w1', leaseMs: 60_000 }, t.db);
    const second = await claimNextSubmission({ workerId: 'w2', leaseMs: 60_000 }, t.db);
    expect([first?.id, second?.id]).toEqual([a.id, b.id]);
    expect(first?.exerciseSlug).toBe('tied-conv2d');
    expect(await claimNextSubmission({ workerId: 'w3', leaseMs: 60_000 }, t.db)).toBeNull();
  });

  it('never gives one job to two concurrent worker processes', async () => {
    const ids = [];
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'tied-conv2d' } });
    for (let i = 0; i < 40; i++) {
      ids.push((await t.db.submission.create({ data: { userId, exerciseId: exercise.id, code: 'x', exerciseContentHash: exercise.contentHash } })).id);
    }
    const fixture = path.join(__dirname, 'claim-worker.fixture.ts');
    const runs = await Promise.all(
      [0, 1, 2].map((w) => execFileAsync(process.execPath, ['--import', 'tsx', fixture, t.url, `w${w}`], { timeout: 60_000 })),
    );
    const perWorker = runs.map((r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as string[]);
    const claimed = perWorker.flat();
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(new Set(claimed).size).toBe(ids.length);
  });

  it('re-claims a job whose worker died (expired lease); the dead worker can no longer write', async () => {
    const { id } = await submit();
    const past = new Date(Date.now() - 120_000);
    const dead = await claimNextSubmission({ workerId: 'dead', leaseMs: 1_000, now: past }, t.db);
    expect(dead?.id).toBe(id);
    expect(await claimNextSubmission({ workerId: 'idle', leaseMs: 1_000, now: new Date(past.getTime() + 500) }, t.db)).toBeNull();
    const alive = await claimNextSubmission({ workerId: 'alive', leaseMs: 60_000 }, t.db);
    expect(alive).toMatchObject({ id, attempts: 2 });
    expect(await renewLease(id, 'dead', 60_000, t.db)).toBe(false);
    const lateWrite = await completeSubmission(id, 'dead', { status: 'GRADED', score: 1, checks: [], gradingMs: 5 }, t.db);
    expect(lateWrite).toBe(false);
    expect(await renewLease(id, 'alive', 60_000, t.db)).toBe(true);
  });

  it('gives up on a job after maxAttempts dead workers, as INTERNAL_ERROR', async () => {
    const { id } = await submit();
    let now = Date.now() - 10 * 60_000;
    for (let i = 0; i < 2; i++) {
      expect((await claimNextSubmission({ workerId: `d${i}`, leaseMs: 1_000, now: new Date(now), maxAttempts: 2 }, t.db))?.id).toBe(id);
      now += 5_000;
    }
    expect(await claimNextSubmission({ workerId: 'd2', leaseMs: 1_000, now: new Date(now), maxAttempts: 2 }, t.db)).toBeNull();
    const row = await t.db.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('INTERNAL_ERROR');
    expect(row.reason).toBe('RETRIES_EXHAUSTED');
  });

  it('writes every check and the verdict together, and shows them to the author only', async () => {
    const { id } = await submit();
    const viewer = { id: userId, email: 'u', displayName: 'U', role: 'STUDENT' as const };
    expect((await getSubmissionForViewer(id, viewer, t.db))?.queuePosition).toBe(1);
    await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    const ok = await completeSubmission(
      id,
      'w',
      {
        status: 'GRADED',
        score: 0.5,
        gradingMs: 900,
        checks: [
          { name: 'paramCount', title: 'Parameter count', points: 2, maxPoints: 2, passed: true, message: 'ok', visibility: 'VISIBLE', facts: [{ label: 'declared parameters', value: 448 }], plots: [] },
          { name: 'trains', title: 'Trains', points: 0, maxPoints: 2, passed: false, message: 'diverges', visibility: 'HIDDEN', facts: [], plots: [lossPlot] },
        ],
      },
      t.db,
    );
    expect(ok).toBe(true);
    const view = await getSubmissionForViewer(id, viewer, t.db);
    expect(view).toMatchObject({ status: 'GRADED', score: 0.5, queuePosition: null, reason: null });
    expect(view?.checks.map((c) => [c.name, c.passed, c.facts, c.plots])).toEqual([
      ['paramCount', true, [{ label: 'declared parameters', value: 448 }], []],
      // The null gap survives the JSON column on both databases.
      ['trains', false, [], [lossPlot]],
    ]);
    const stranger = { id: 'someone-else', email: 's', displayName: 'S', role: 'STUDENT' as const };
    expect(await getSubmissionForViewer(id, stranger, t.db)).toBeNull();
    // A second completion (e.g. a duplicate worker) changes nothing.
    expect(await completeSubmission(id, 'w', { status: 'GRADED', score: 1, checks: [], gradingMs: 1 }, t.db)).toBe(false);
  });

  it('reads stored details through the contract: a row written before it shows no facts and no plots', async () => {
    const { id } = await submit();
    await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    const check = { name: 'eq', title: 'Equivariance', points: 1, maxPoints: 1, passed: true, message: 'ok', visibility: 'VISIBLE' as const, facts: [], plots: [lossPlot] };
    await completeSubmission(id, 'w', { status: 'GRADED', score: 1, checks: [check], gradingMs: 1 }, t.db);
    // Raw measurements as the check library stored them before the contract (worst: an index).
    await t.db.checkResult.updateMany({ where: { submissionId: id }, data: { details: { outputSpread: 2.5, worst: [0, 1, 3, 0] } } });
    const view = await getSubmissionForViewer(id, { id: userId, email: 'u', displayName: 'U', role: 'STUDENT' }, t.db);
    expect(view?.checks).toEqual([{ ...check, facts: [], plots: [] }]);
  });

  it('names the reason of an unhappy ending from the closed sets only, with the learner text for it', async () => {
    const viewer = { id: userId, email: 'u', displayName: 'U', role: 'STUDENT' as const };
    const a = await submit();
    await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    await completeSubmission(a.id, 'w', { status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', internalError: 'stack trace here', gradingMs: 1 }, t.db);
    const va = await getSubmissionForViewer(a.id, viewer, t.db);
    expect(va).toMatchObject({ status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', message: expect.stringContaining('updated after you submitted') });
    expect(JSON.stringify(va)).not.toContain('stack trace');
    const b = await submit();
    await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    await completeSubmission(b.id, 'w', { status: 'NOT_GRADABLE', reason: 'TIME_LIMIT', message: 'time limit of 10 s exceeded', gradingMs: 1 }, t.db);
    // A reason this version no longer produces reads back as none (the site then shows its generic text).
    await t.db.submission.update({ where: { id: b.id }, data: { reason: 'BAD_ANSWER' } });
    expect(await getSubmissionForViewer(b.id, viewer, t.db)).toMatchObject({ status: 'NOT_GRADABLE', reason: null, message: 'time limit of 10 s exceeded' });
  });

  it('hands a job back for another worker: attempt counted, skipped by this worker, taken by the next', async () => {
    const { id } = await submit();
    const first = await claimNextSubmission({ workerId: 'old', leaseMs: 60_000 }, t.db);
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'tied-conv2d' } });
    expect(first).toMatchObject({ id, attempts: 1, exerciseContentHash: exercise.contentHash, currentContentHash: exercise.contentHash });
    expect(await handBackSubmission(id, 'someone-else', t.db)).toBe(false);
    expect(await handBackSubmission(id, 'old', t.db)).toBe(true);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'QUEUED', attempts: 1, leaseOwner: null });
    expect(await claimNextSubmission({ workerId: 'old', leaseMs: 60_000, skip: [id, 'another-id'] }, t.db)).toBeNull();
    expect(await claimNextSubmission({ workerId: 'new', leaseMs: 60_000, skip: ['another-id'] }, t.db)).toMatchObject({ id, attempts: 2 });
  });

  it('releases a job back to the queue without counting the attempt', async () => {
    const { id } = await submit();
    await claimNextSubmission({ workerId: 'w', leaseMs: 60_000 }, t.db);
    expect(await releaseSubmission(id, 'w', t.db)).toBe(true);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'QUEUED', attempts: 0, leaseOwner: null });
  });

  it('syncs exercises idempotently by content hash and seeds demo data once', async () => {
    expect(await syncExercises([exerciseDef('tied-conv2d')], t.db)).toMatchObject({ unchanged: ['tied-conv2d'] });
    expect(await syncExercises([exerciseDef('tied-conv2d', 'h2'), exerciseDef('other')], t.db)).toMatchObject({
      updated: ['tied-conv2d'],
      created: ['other'],
    });
    expect(await syncExercises([exerciseDef('tied-conv2d', 'h2')], t.db)).toMatchObject({ archived: ['other'] });
    const first = await seedDemo(t.db);
    expect(first.createdAccounts.map((a) => a.role).sort()).toEqual(['INSTRUCTOR', 'STUDENT']);
    expect((await seedDemo(t.db)).createdAccounts).toEqual([]);
    expect(await authenticate('Student@TyingLab.dev', 'student-demo-password', t.db)).toMatchObject({ role: 'STUDENT' });
    expect(await authenticate('student@tyinglab.dev', 'wrong', t.db)).toBeNull();
  });
});
