import { attemptLabel, mergeHistory, nextAttempt, withLiveView, withNewSubmission, type HistoryState } from './history';
import type { SubmissionSummaryJson, SubmissionViewJson } from './wire';

const row = (id: string, minute: number, status: SubmissionSummaryJson['status'] = 'GRADED', attempt: number | null = null): SubmissionSummaryJson => ({
  id,
  status,
  score: status === 'GRADED' ? 0.5 : null,
  createdAt: `2026-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
  attempt,
});

describe('mergeHistory', () => {
  it('appends an older page and takes its "more"', () => {
    const first: HistoryState = { rows: [row('c', 3), row('b', 2)], more: true };
    expect(mergeHistory(first, { submissions: [row('a', 1)], more: false }, true)).toEqual({ rows: [row('c', 3), row('b', 2), row('a', 1)], more: false });
  });

  it('a refreshed first page updates rows in place and keeps older pages already loaded', () => {
    const loaded: HistoryState = { rows: [row('c', 3, 'QUEUED', 3), row('b', 2), row('a', 1)], more: true };
    const refreshed = mergeHistory(loaded, { submissions: [row('d', 4, 'QUEUED', 4), row('c', 3, 'GRADED', 3)], more: true }, false);
    expect(refreshed.rows.map((r) => `${r.id}:${r.status}`)).toEqual(['d:QUEUED', 'c:GRADED', 'b:GRADED', 'a:GRADED']);
    expect(refreshed.more).toBe(true);
    // Nothing loaded beyond the first page: the refresh decides.
    expect(mergeHistory({ rows: [row('a', 1)], more: false }, { submissions: [row('b', 2), row('a', 1)], more: true }, false).more).toBe(true);
  });

  it('orders equal times by id, newest first, like the server', () => {
    const merged = mergeHistory({ rows: [], more: false }, { submissions: [row('x', 1), row('z', 1), row('y', 1)], more: false }, false);
    expect(merged.rows.map((r) => r.id)).toEqual(['z', 'y', 'x']);
  });
});

describe('withLiveView', () => {
  const view = (id: string, status: SubmissionViewJson['status'], score: number | null = null): SubmissionViewJson => ({
    id,
    exerciseSlug: 'e',
    status,
    score,
    message: null,
    reason: null,
    createdAt: '2026-05-01T10:03:00.000Z',
    finishedAt: null,
    queuePosition: null,
    checks: [],
  });

  it('shows the followed submission with the result panel’s status, never an older one', () => {
    const rows = [row('c', 3, 'QUEUED', 3), row('b', 2, 'GRADED', 2)];
    expect(withLiveView(rows, view('c', 'RUNNING')).map((r) => r.status)).toEqual(['RUNNING', 'GRADED']);
    expect(withLiveView(rows, view('c', 'GRADED', 1))[0]).toMatchObject({ status: 'GRADED', score: 1, attempt: 3 });
    expect(withLiveView(rows, null)).toEqual(rows);
    expect(withLiveView(rows, view('elsewhere', 'RUNNING'))).toEqual(rows);
  });
});

describe('withNewSubmission and attemptLabel', () => {
  it('puts a new submission first once', () => {
    const s = withNewSubmission({ rows: [row('a', 1)], more: false }, row('b', 2, 'QUEUED'));
    expect(withNewSubmission(s, row('b', 2, 'QUEUED')).rows.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('numbers the next attempt after the newest numbered row', () => {
    expect(nextAttempt({ rows: [row('c', 3, 'NOT_GRADABLE'), row('b', 2, 'GRADED', 2)], more: true })).toBe(3);
    expect(nextAttempt({ rows: [], more: false })).toBe(1);
    expect(nextAttempt({ rows: [row('c', 3, 'NOT_GRADABLE')], more: false })).toBe(1);
    expect(nextAttempt({ rows: [row('c', 3, 'NOT_GRADABLE')], more: true })).toBeNull();
  });

  it('names attempts, and endings that cost none', () => {
    expect(attemptLabel({ attempt: 3 })).toBe('Attempt 3');
    expect(attemptLabel({ attempt: null })).toBe('Not counted');
  });
});
