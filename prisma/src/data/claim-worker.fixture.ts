// Test fixture: a stand-alone process that claims jobs until the queue is empty and prints their ids.
// Used by queue.test.ts to prove that separate worker processes never share a job.
import { createDb } from '../client';
import { claimNextSubmission } from './claim-next-submission';

async function main(): Promise<void> {
  const [url, workerId] = process.argv.slice(2);
  if (!url || !workerId) throw new Error('usage: claim-worker.fixture.ts <url> <workerId>');
  const db = createDb(url);
  const claimed: string[] = [];
  for (;;) {
    const job = await claimNextSubmission({ workerId, leaseMs: 60_000 }, db);
    if (!job) break;
    claimed.push(job.id);
  }
  await db.$disconnect();
  process.stdout.write(JSON.stringify(claimed) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
