'use client';
// The learner's earlier submissions to this exercise, newest first, with ways to see their result or reload their code.
import { formatPercent, STATUS_LABELS } from '@/lib/format';
import type { SubmissionSummaryJson } from '@/lib/wire';
import { LocalTime } from './LocalTime';

export interface SubmissionHistoryProps {
  submissions: SubmissionSummaryJson[];
  currentId: string | null;
  onView: (id: string) => void;
  onLoadCode: (id: string) => void;
  loadingId: string | null;
}

export function SubmissionHistory({ submissions, currentId, onView, onLoadCode, loadingId }: SubmissionHistoryProps) {
  return (
    <section className="history card" aria-labelledby="history-title">
      <h2 id="history-title">Your submissions</h2>
      {submissions.length === 0 ? (
        <p className="muted">No submissions yet.</p>
      ) : (
        <table className="history__table">
          <thead>
            <tr>
              <th scope="col">Submitted</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {submissions.map((s) => (
              <tr key={s.id} data-testid="history-row" data-submission-id={s.id} data-status={s.status} aria-current={s.id === currentId ? 'true' : undefined}>
                <td>
                  <LocalTime iso={s.createdAt} />
                </td>
                <td>
                  <span className={`status-pill status-pill--${s.status.toLowerCase().replace('_', '-')}`}>{STATUS_LABELS[s.status]}</span>
                </td>
                <td>{s.status === 'GRADED' ? formatPercent(s.score) : '—'}</td>
                <td className="history__actions">
                  <button type="button" className="button button--small" onClick={() => onView(s.id)} disabled={s.id === currentId}>
                    View result
                  </button>
                  <button type="button" className="button button--small" onClick={() => onLoadCode(s.id)} disabled={loadingId === s.id}>
                    {loadingId === s.id ? 'Loading…' : 'Load code'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
