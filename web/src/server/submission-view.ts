// The view model of a submission: what a page and the API send the browser, from what the data
// layer read. Pure (no 'server-only', no database access), so the grading seam test runs it on a
// real graded row. Statuses, reasons and check results arrive typed and parsed by the results
// contract; this only decides what each status shows.
import type { SubmissionSummary, SubmissionView } from '@tyinglab/db';
import { isTerminalStatus, type SubmissionSummaryJson, type SubmissionViewJson } from '../lib/wire';

export function toSubmissionViewJson(view: SubmissionView): SubmissionViewJson {
  const { status } = view;
  return {
    id: view.id,
    exerciseSlug: view.exerciseSlug,
    status,
    score: status === 'GRADED' ? view.score : null,
    // The data layer already replaces an INTERNAL_ERROR's diagnostics with learner-facing text.
    message: view.message,
    reason: view.reason,
    createdAt: view.createdAt,
    finishedAt: isTerminalStatus(status) ? view.finishedAt : null,
    queuePosition: status === 'QUEUED' ? view.queuePosition : null,
    // Check rows exist only for a graded submission; a re-queued one shows none.
    checks: status === 'GRADED' ? view.checks : [],
  };
}

export function toSubmissionSummaryJson(s: SubmissionSummary): SubmissionSummaryJson {
  return { id: s.id, status: s.status, score: s.status === 'GRADED' ? s.score : null, createdAt: s.createdAt, attempt: s.attempt };
}
