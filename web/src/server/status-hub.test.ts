// The shared status poller against a real (SQLite) database: many viewers of one submission cost
// one load per tick (one queue-position count), the caps refuse extra streams, and every stream ends
// when the submission reaches its verdict. Queries are counted on the real client (a Prisma query
// extension around every operation), not on a stand-in.
import { createUser, getSubmissionForViewer, syncExercises, type PublicUser } from '@tyinglab/db';
import type { Db } from '@tyinglab/db/client';
import { createTestDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { createStatusStream } from './sse';
import { StatusHub } from './status-hub';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });

type View = NonNullable<Awaited<ReturnType<typeof getSubmissionForViewer>>>;

/** Sleeps that end only when the test says so: one tick per `tick()`. */
function manualTicks() {
  const sleepers: (() => void)[] = [];
  return {
    sleep: (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        sleepers.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    sleeping: () => sleepers.length,
    tick: () => sleepers.splice(0).forEach((wake) => wake()),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out += decoder.decode(value, { stream: true });
  }
}

function statusEvents(text: string): { status: string; queuePosition: number | null }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: status'))
    .map((block) => JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { status: string; queuePosition: number | null });
}

describe('StatusHub on a real database', () => {
  let t: TestDatabase;
  let author: PublicUser;
  let submissionId: string;
  const ops = { total: 0, counts: 0 };
  let counted: Db;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await syncExercises(
      [{ meta: { slug: 'ex', title: 'Ex', summary: 's', difficulty: 'intro', concepts: ['c'], points: 1, position: 1, checks: [] }, statement: '# S', starter: 'x', contentHash: 'h' }],
      t.db,
    );
    author = await createUser({ email: 'author@hub.test', displayName: 'A', password: 'author-password-1' }, t.db);
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'ex' } });
    // Two submissions ahead of ours in the queue, so the view carries a real queue position.
    for (let i = 0; i < 3; i++) {
      const row = await t.db.submission.create({
        data: { userId: author.id, exerciseId: exercise.id, code: `// ${i}`, exerciseContentHash: 'h', createdAt: new Date(Date.now() - 10_000 + i) },
      });
      submissionId = row.id;
    }
    counted = t.db.$extends({
      query: {
        async $allOperations({ operation, args, query }) {
          ops.total += 1;
          if (operation === 'count') ops.counts += 1;
          return query(args);
        },
      },
    }) as unknown as Db;
  });
  afterAll(async () => {
    await t.drop();
  });

  const load = () => getSubmissionForViewer(submissionId, author, counted);

  it('serves 50 viewers of one submission with one load (one queue count) per tick, and ends every stream at the verdict', async () => {
    const perLoad = { ...ops };
    await load();
    const queriesPerLoad = ops.total - perLoad.total;
    expect(ops.counts - perLoad.counts).toBe(1); // a queued submission's view counts the queue once
    ops.total = 0;
    ops.counts = 0;

    const ticks = manualTicks();
    const hub = new StatusHub<View>({ intervalMs: 250, maxPerUser: 1_000, maxPerKey: 1_000, sleep: ticks.sleep });
    const texts = Array.from({ length: 50 }, (_, i) => {
      const sub = hub.subscribe({ key: submissionId, userId: `viewer-${i % 5}`, load, isTerminal: (v) => ['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'].includes(v.status) });
      return readAll(createStatusStream(sub, { heartbeatMs: 60_000, maxDurationMs: 60_000 }));
    });
    expect(hub.stats()).toMatchObject({ pollers: 1, subscribers: 50 });

    await until(() => ticks.sleeping() === 1); // the first load is done
    for (let i = 0; i < 5; i++) {
      ticks.tick();
      await until(() => ticks.sleeping() === 1);
    }
    // 6 ticks (the first load + 5) for 50 viewers: 6 loads, not 300.
    expect(hub.loads).toBe(6);
    expect(ops.counts).toBe(6);
    expect(ops.total).toBe(6 * queriesPerLoad);

    // The worker finishes it: on the next tick every stream gets the verdict and ends.
    await t.db.submission.update({ where: { id: submissionId }, data: { status: 'GRADED', score: 1, finishedAt: new Date() } });
    ticks.tick();
    const outputs = await Promise.all(texts);
    for (const text of outputs) {
      expect(statusEvents(text).map((e) => [e.status, e.queuePosition])).toEqual([
        ['QUEUED', 3],
        ['GRADED', null],
      ]);
    }
    expect(hub.loads).toBe(7);
    expect(hub.stats()).toMatchObject({ pollers: 0, subscribers: 0 });
  });

  it('refuses streams past the per-user and per-submission caps, and frees a place when one closes', () => {
    const hub = new StatusHub<View>({ intervalMs: 60_000, maxPerUser: 3, maxPerKey: 4, sleep: manualTicks().sleep });
    // Loads that never finish: the pollers just sit there, and the caps are all that is tested.
    const watch = (key: string, userId: string) => hub.subscribe({ key, userId, load: () => new Promise<View | null>(() => undefined), isTerminal: () => false });
    const mine = [watch('s1', 'learner'), watch('s1', 'learner'), watch('s2', 'learner')];
    let refused: unknown;
    try {
      watch('s3', 'learner');
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 10 });
    expect((refused as Error).message).toMatchInlineSnapshot(`"You already have 3 live result views open; close some tabs (results also update without them)."`);

    // Per submission: s1 has 2; two more users fill it to 4; a fifth viewer is refused.
    watch('s1', 'ta');
    watch('s1', 'instructor');
    expect(() => watch('s1', 'admin')).toThrow('Too many live views of this submission are open; its results still update by polling.');

    mine[0]!.close();
    mine[0]!.close(); // closing twice frees one place, not two
    expect(() => watch('s3', 'learner')).not.toThrow();
    expect(() => watch('s4', 'learner')).toThrow(/live result views open/);
    expect(() => watch('s1', 'admin')).not.toThrow();
  });
});
