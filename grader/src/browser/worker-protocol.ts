// Messages between the exercise page and the in-browser check worker. The site imports these as
// types only (`@tyinglab/grader/browser`), so no grader code reaches the site's server.
import type { VisibleRunOutcome } from './visible-runner';

export type { VisibleRunOutcome };
export type { CheckResult } from '../checks/types';

export type WorkerRequest = { type: 'run'; slug: string; contentHash: string; code: string };

export type WorkerReply =
  /** TensorFlow.js is loaded; the worker can take a run. */
  | { type: 'ready'; backend: string; initMs: number }
  | { type: 'result'; outcome: VisibleRunOutcome; backend: string }
  /** The site serves checks built from a different version of the exercise than the page shows. */
  | { type: 'stale' }
  /** Our fault (or the browser's), not the learner's. */
  | { type: 'failed'; message: string };
