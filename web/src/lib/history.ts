// The learner's submission history as the exercise page holds it: pages merged as they arrive, and
// the submission the result panel follows shown with the status the panel shows (the list is
// fetched now and then, the followed submission live), so the two never disagree.
import type { SubmissionPageJson, SubmissionSummaryJson, SubmissionViewJson } from './wire';

export interface HistoryState {
  rows: SubmissionSummaryJson[];
  /** Older submissions exist beyond the last row. */
  more: boolean;
}

/** The history's order: newest first, then by id (as the server pages it). */
function newerFirst(a: SubmissionSummaryJson, b: SubmissionSummaryJson): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Merges a freshly fetched page into what is shown: its rows replace the same ids, older pages
 * already loaded stay. `older` = the page was asked for with `before`, so it decides `more`.
 */
export function mergeHistory(state: HistoryState, page: SubmissionPageJson, older: boolean): HistoryState {
  const byId = new Map(state.rows.map((r) => [r.id, r]));
  for (const r of page.submissions) byId.set(r.id, r);
  const rows = [...byId.values()].sort(newerFirst);
  // A refreshed first page says nothing about pages beyond it that were loaded already.
  const more = older || state.rows.length <= page.submissions.length ? page.more : state.more;
  return { rows, more };
}

/**
 * The number a submission made now will have (it counts until a verdict says otherwise): one more
 * than the newest numbered row. Null when the loaded rows cannot tell (none numbered, older unseen).
 */
export function nextAttempt(state: HistoryState): number | null {
  const last = state.rows.find((r) => r.attempt !== null);
  if (last) return last.attempt! + 1;
  return state.more ? null : 1;
}

/** Puts a submission the learner just made at the top. */
export function withNewSubmission(state: HistoryState, row: SubmissionSummaryJson): HistoryState {
  return { ...state, rows: [row, ...state.rows.filter((r) => r.id !== row.id)] };
}

/** The rows as shown: the followed submission with the live status and score. */
export function withLiveView(rows: readonly SubmissionSummaryJson[], view: SubmissionViewJson | null): SubmissionSummaryJson[] {
  if (!view) return [...rows];
  return rows.map((r) => (r.id === view.id && (r.status !== view.status || r.score !== view.score) ? { ...r, status: view.status, score: view.score } : r));
}

/** "Attempt 3"; for an ending that cost no attempt, what it was instead. */
export function attemptLabel(row: Pick<SubmissionSummaryJson, 'attempt'>): string {
  return row.attempt === null ? 'Not counted' : `Attempt ${row.attempt}`;
}
