// `grader worker`: claims submissions from the database queue, grades each in a fresh sandbox and
// writes the verdict. Any number of workers on any number of machines may share one database:
// the claim (@tyinglab/db) hands each job to exactly one worker, with a lease renewed by heartbeat.
// A worker that dies mid-job leaves an expiring lease; another worker re-claims the job.
import crypto from 'node:crypto';
import os from 'node:os';
import {
  claimNextSubmission,
  completeSubmission,
  disconnectDb,
  releaseSubmission,
  renewLease,
  type ClaimedSubmission,
  type FinalOutcome,
} from '@tyinglab/db';
import { loadExercise, UnknownExerciseError } from '@tyinglab/exercise-format';
import { checkSandboxPolicy, gradeSubmission, hostCapabilities, warmPool, type GradeOutcome } from '../index';

export interface WorkerOptions {
  workerId: string;
  /** How long a claim stays valid without a heartbeat. */
  leaseMs: number;
  /** Idle wait between polls of an empty queue. */
  pollMs: number;
  maxAttempts: number;
  /** Exit once the queue is empty (tests, batch regrades). */
  once: boolean;
}

export function parseWorkerArgs(argv: string[]): WorkerOptions {
  const opts: WorkerOptions = {
    workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    leaseMs: 30_000,
    pollMs: 250,
    maxAttempts: 3,
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
      default:
        throw new Error(`Unknown worker option ${arg}. Options: --once --id NAME --lease-ms N --poll-ms N --max-attempts N`);
    }
  }
  return opts;
}

function log(opts: WorkerOptions, msg: string): void {
  console.log(`${new Date().toISOString()} worker=${opts.workerId} ${msg}`);
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
        checks: outcome.checks.map((c) => ({
          name: c.name,
          title: c.title,
          points: c.points,
          maxPoints: c.maxPoints,
          passed: c.passed,
          message: c.message,
          visibility: c.visibility,
          details: c.details,
        })),
      };
    case 'NOT_GRADABLE':
      return { status: 'NOT_GRADABLE', reason: outcome.reason, message: outcome.message, gradingMs: Math.round(outcome.durationMs), seed };
    case 'INTERNAL_ERROR':
      return { status: 'INTERNAL_ERROR', internalError: outcome.message, gradingMs: Math.round(outcome.durationMs), seed };
  }
}

async function gradeJob(job: ClaimedSubmission): Promise<FinalOutcome> {
  const seed = crypto.randomBytes(8).toString('hex');
  const started = Date.now();
  try {
    const exercise = loadExercise(job.exerciseSlug);
    return toFinalOutcome(await gradeSubmission({ exercise, code: job.code, seed }), seed);
  } catch (err) {
    const why = err instanceof UnknownExerciseError ? 'EXERCISE_MISSING' : 'GRADER_CRASH';
    return { status: 'INTERNAL_ERROR', reason: why, internalError: (err as Error).stack ?? String(err), gradingMs: Date.now() - started, seed };
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
  while (!stopping) {
    let job: ClaimedSubmission | null;
    try {
      job = await claimNextSubmission({ workerId: opts.workerId, leaseMs: opts.leaseMs, maxAttempts: opts.maxAttempts });
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
      const outcome = await gradeJob(job);
      const written = await completeSubmission(job.id, opts.workerId, outcome);
      const summary = outcome.status === 'GRADED' ? `GRADED ${outcome.score.toFixed(3)}` : outcome.status === 'NOT_GRADABLE' ? `NOT_GRADABLE ${outcome.reason}` : `INTERNAL_ERROR ${outcome.reason ?? ''}`;
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
