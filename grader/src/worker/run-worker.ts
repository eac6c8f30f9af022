// `grader worker`: claims submissions from the database queue, grades each in a fresh sandbox and
// writes the verdict. Any number of workers on any number of machines may share one database:
// the claim (@tyinglab/db) hands each job to exactly one worker, with a lease renewed by heartbeat.
// A worker that dies mid-job leaves an expiring lease; another worker re-claims the job.
import crypto from 'node:crypto';
import os from 'node:os';
import {
  claimNextSubmission,
  completeSubmission,
  handBackSubmission,
  releaseSubmission,
  renewLease,
  type ClaimedSubmission,
  type FinalOutcome,
} from '@tyinglab/db';
import { disconnectDb } from '@tyinglab/db/client';
import { loadExercise, UnknownExerciseError } from '@tyinglab/exercise-format';
import { gradeSubmission, type GradeOutcome } from '../grade/grade-submission';
import { escapeForLog } from '../grade/learner-text';
import { hostCapabilities } from '../sandbox/capabilities';
import { checkSandboxPolicy, warmPool } from '../sandbox/runner';

export interface WorkerOptions {
  workerId: string;
  /** How long a claim stays valid without a heartbeat. */
  leaseMs: number;
  /** Idle wait between polls of an empty queue. */
  pollMs: number;
  maxAttempts: number;
  /** How long this worker leaves a job it handed back for a worker with the learner's exercise version. */
  handBackMs: number;
  /** Exit once the queue is empty (tests, batch regrades). */
  once: boolean;
}

export function parseWorkerArgs(argv: string[]): WorkerOptions {
  const opts: WorkerOptions = {
    workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    leaseMs: 30_000,
    pollMs: 250,
    maxAttempts: 3,
    handBackMs: 10_000,
    once: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const int = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    switch (arg) {
      case '--once':
        opts.once = true;
        break;
      case '--id':
        opts.workerId = value();
        break;
      case '--lease-ms':
        opts.leaseMs = int();
        break;
      case '--poll-ms':
        opts.pollMs = int();
        break;
      case '--max-attempts':
        opts.maxAttempts = int();
        break;
      case '--hand-back-ms':
        opts.handBackMs = int();
        break;
      default:
        throw new Error(`Unknown worker option ${arg}. Options: --once --id NAME --lease-ms N --poll-ms N --max-attempts N --hand-back-ms N`);
    }
  }
  return opts;
}

/** One log line per call: text that may come from a submission cannot forge further lines. */
function log(opts: WorkerOptions, msg: string): void {
  console.log(`${new Date().toISOString()} worker=${escapeForLog(opts.workerId, 200)} ${escapeForLog(msg)}`);
}

/** Maps the grader's outcome onto what the database stores. */
export function toFinalOutcome(outcome: GradeOutcome, seed: string): FinalOutcome {
  switch (outcome.status) {
    case 'GRADED':
      return {
        status: 'GRADED',
        score: outcome.score,
        gradingMs: Math.round(outcome.durationMs),
        seed,
        checks: outcome.checks,
        metric: outcome.metric ?? null,
      };
    case 'NOT_GRADABLE':
      return { status: 'NOT_GRADABLE', reason: outcome.reason, message: outcome.message, gradingMs: Math.round(outcome.durationMs), seed };
    case 'INTERNAL_ERROR':
      return { status: 'INTERNAL_ERROR', reason: outcome.reason, internalError: outcome.message, gradingMs: Math.round(outcome.durationMs), seed };
  }
}

const shortHash = (h: string): string => h.slice(0, 12);

/**
 * Grading what the learner saw: a submission is graded only against the exercise version it was
 * submitted for (its content hash), never against a different one on this worker's disk.
 * - Same version here: grade.
 * - This worker has the site's current version, so the learner's version is gone (the exercise
 *   changed after they submitted): refuse at once, telling them to resubmit.
 * - Otherwise this worker's copy is not the site's (a deploy in progress): hand the job back for a
 *   worker that has the learner's version. Every hand-back counts an attempt, so when no such
 *   worker exists the job is refused at the attempts cap instead of circling forever.
 */
export function versionDecision(
  job: Pick<ClaimedSubmission, 'exerciseContentHash' | 'currentContentHash' | 'attempts'>,
  diskHash: string,
  maxAttempts: number,
): { kind: 'grade' } | { kind: 'hand-back'; why: string } | { kind: 'refuse'; why: string } {
  const submitted = shortHash(job.exerciseContentHash);
  if (job.exerciseContentHash === diskHash) return { kind: 'grade' };
  if (job.currentContentHash === diskHash) {
    return { kind: 'refuse', why: `submitted for exercise version ${submitted}; the exercise changed since (now ${shortHash(diskHash)} on the site and on this worker)` };
  }
  const where = `this worker has ${shortHash(diskHash)}, the site ${shortHash(job.currentContentHash)}`;
  if (job.attempts >= maxAttempts) {
    return { kind: 'refuse', why: `submitted for exercise version ${submitted}; after ${job.attempts} claims no worker with that version graded it (${where})` };
  }
  return { kind: 'hand-back', why: `submitted for exercise version ${submitted}, ${where}` };
}

type JobResult = { kind: 'done'; outcome: FinalOutcome } | { kind: 'hand-back'; why: string };

async function gradeJob(job: ClaimedSubmission, opts: WorkerOptions): Promise<JobResult> {
  const seed = crypto.randomBytes(8).toString('hex');
  const started = Date.now();
  try {
    const exercise = loadExercise(job.exerciseSlug);
    const version = versionDecision(job, exercise.contentHash, opts.maxAttempts);
    if (version.kind === 'hand-back') return version;
    if (version.kind === 'refuse') {
      return { kind: 'done', outcome: { status: 'INTERNAL_ERROR', reason: 'EXERCISE_VERSION_MISMATCH', internalError: `Not graded: ${version.why}.`, gradingMs: Date.now() - started } };
    }
    return { kind: 'done', outcome: toFinalOutcome(await gradeSubmission({ exercise, code: job.code, seed }), seed) };
  } catch (err) {
    const why = err instanceof UnknownExerciseError ? 'EXERCISE_MISSING' : 'GRADER_CRASH';
    return { kind: 'done', outcome: { status: 'INTERNAL_ERROR', reason: why, internalError: (err as Error).stack ?? String(err), gradingMs: Date.now() - started, seed } };
  }
}

export async function runWorker(argv: string[]): Promise<void> {
  const opts = parseWorkerArgs(argv);
  let stopping = false;
  let current: ClaimedSubmission | null = null;
  let wake: (() => void) | null = null;

  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(opts, `received ${signal}; stopping`);
    wake?.();
    if (current) {
      // Hand the job back at once instead of making the next worker wait for the lease to expire.
      await releaseSubmission(current.id, opts.workerId).catch(() => undefined);
      log(opts, `released ${current.id} back to the queue`);
      warmPool().drain();
      await disconnectDb().catch(() => undefined);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  // Strict mode refuses to start on a host that lacks a sandbox layer; auto mode warns once.
  checkSandboxPolicy();
  const caps = hostCapabilities();
  log(opts, `started (lease ${opts.leaseMs} ms, poll ${opts.pollMs} ms${opts.once ? ', once' : ''}; sandbox: bwrap=${!!caps.bwrap} seccomp=${caps.seccomp} slot-uid=${caps.isRoot} prlimit=${!!caps.prlimit} cgroup-memory=${!!caps.cgroupMemory})`);
  // Jobs this worker handed back (another exercise version), left to other workers until the time.
  const handedBack = new Map<string, number>();
  while (!stopping) {
    let job: ClaimedSubmission | null;
    const now = Date.now();
    for (const [id, until] of handedBack) if (until <= now) handedBack.delete(id);
    try {
      job = await claimNextSubmission({ workerId: opts.workerId, leaseMs: opts.leaseMs, maxAttempts: opts.maxAttempts, skip: [...handedBack.keys()] });
    } catch (err) {
      log(opts, `claim failed: ${(err as Error).message}; retrying`);
      await new Promise((r) => setTimeout(r, opts.pollMs * 4));
      continue;
    }
    if (!job) {
      if (opts.once) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.pollMs + Math.random() * opts.pollMs * 0.2);
      });
      wake = null;
      continue;
    }

    current = job;
    const claimedJob = job;
    log(opts, `claimed ${job.id} (${job.exerciseSlug}, attempt ${job.attempts})`);
    const heartbeat = setInterval(() => {
      renewLease(claimedJob.id, opts.workerId, opts.leaseMs)
        .then((held) => {
          if (!held) log(opts, `lost the lease on ${claimedJob.id}; its result will be discarded`);
        })
        .catch((err) => log(opts, `heartbeat failed: ${(err as Error).message}`));
    }, Math.max(500, Math.floor(opts.leaseMs / 3)));
    try {
      const result = await gradeJob(job, opts);
      if (result.kind === 'hand-back') {
        const back = await handBackSubmission(job.id, opts.workerId);
        handedBack.set(job.id, Date.now() + opts.handBackMs);
        log(opts, `${back ? 'handed back' : 'could not hand back (lease lost)'} ${job.id}: ${result.why}`);
        log(opts, `ALERT this worker's copy of ${job.exerciseSlug} differs from the site's (a deploy in progress, or a stale worker)`);
        continue;
      }
      const outcome = result.outcome;
      const written = await completeSubmission(job.id, opts.workerId, outcome);
      const summary = outcome.status === 'GRADED' ? `GRADED ${outcome.score.toFixed(3)}` : outcome.status === 'NOT_GRADABLE' ? `NOT_GRADABLE ${outcome.reason}` : `INTERNAL_ERROR ${outcome.reason}`;
      log(opts, `${written ? 'finished' : 'discarded (lease lost)'} ${job.id}: ${summary} in ${outcome.gradingMs} ms`);
      if (outcome.status === 'INTERNAL_ERROR') log(opts, `ALERT internal error on ${job.id}: ${outcome.internalError.split('\n')[0]}`);
    } catch (err) {
      // Could not write the verdict (database down?): keep the lease to expire so the job is retried.
      log(opts, `could not record ${job.id}: ${(err as Error).message}`);
    } finally {
      clearInterval(heartbeat);
      current = null;
    }
  }
  warmPool().drain();
  await disconnectDb();
  log(opts, 'stopped');
}
