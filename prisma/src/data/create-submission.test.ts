// The submission caps hold under concurrency: many simultaneous creates for one learner, from
// several processes at once (as several site processes would send them), never insert more than
// the cap. Without the per-learner lock in createSubmission every process counts the same rows.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { createSubmission, SUBMISSION_RATE_LIMIT } from './create-submission';
import { syncExercises } from './exercises';
import { createUser } from './users';

const execFileAsync = promisify(execFile);

const exercise = {
  meta: { slug: 'tied-conv2d', title: 'T', summary: 's', difficulty: 'intro', concepts: ['convolution'], points: 10, position: 1, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: 'h1',
};

const PROCESSES = 4;
const PER_PROCESS = 15;

describe.each(TEST_PROVIDERS)('createSubmission under concurrency on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exercise], t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  it(`lets exactly maxPending of ${PROCESSES * PER_PROCESS} simultaneous submissions through, from ${PROCESSES} processes`, async () => {
    const user = await createUser({ email: `burst@${provider}.test`, displayName: 'B', password: 'pw-123456' }, t.db);
    const fixture = path.join(__dirname, 'create-submission.fixture.ts');
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        execFileAsync(process.execPath, ['--import', 'tsx', fixture, t.url, user.id, String(PER_PROCESS)], { timeout: 120_000 }),
      ),
    );
    const outcomes = runs.flatMap((r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as string[]);
    expect(outcomes).toHaveLength(PROCESSES * PER_PROCESS);
    // Every refusal is the rate limit (not a lock timeout, a busy database or a deadlock).
    expect(outcomes.filter((o) => o === 'CREATED')).toHaveLength(SUBMISSION_RATE_LIMIT.maxPending);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(PROCESSES * PER_PROCESS - SUBMISSION_RATE_LIMIT.maxPending);
    expect(await t.db.submission.count({ where: { userId: user.id } })).toBe(SUBMISSION_RATE_LIMIT.maxPending);
  });

  it('holds within one process too (one client, many requests in flight)', async () => {
    const user = await createUser({ email: `burst-one@${provider}.test`, displayName: 'B', password: 'pw-123456' }, t.db);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => createSubmission({ userId: user.id, exerciseSlug: 'tied-conv2d', code: `// ${i}` }, t.db)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(SUBMISSION_RATE_LIMIT.maxPending);
    expect(await t.db.submission.count({ where: { userId: user.id } })).toBe(SUBMISSION_RATE_LIMIT.maxPending);
  });
});
