// Test fixture: a stand-alone process (standing in for one site process) that fires `count`
// createSubmission calls for one learner at once and prints how each ended, as JSON.
// Used by create-submission.test.ts to prove the caps hold across processes.
import { createDb } from '../client';
import { createSubmission } from './create-submission';
import { DbError } from './errors';

async function main(): Promise<void> {
  const [url, userId, count] = process.argv.slice(2);
  if (!url || !userId || !count) throw new Error('usage: create-submission.fixture.ts <url> <userId> <count>');
  const db = createDb(url);
  const outcomes = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      createSubmission({ userId, exerciseSlug: 'tied-conv2d', code: `// ${i}` }, db).then(
        () => 'CREATED',
        (err: unknown) => (err instanceof DbError ? err.code : `ERROR ${String(err)}`),
      ),
    ),
  );
  await db.$disconnect();
  process.stdout.write(JSON.stringify(outcomes) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
