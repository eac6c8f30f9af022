'use client';
// The learner's earlier submissions to this exercise, newest first and a page at a time, numbered as
// attempts, with ways to see a result, reload the code or compare it with another version.
import { attemptLabel } from '@/lib/history';
import { formatPercent, STATUS_LABELS } from '@/lib/format';
import type { SubmissionSummaryJson } from '@/lib/wire';
import { LocalTime } from './LocalTime';

export interface SubmissionHistoryProps {
  /** Already showing the status the result panel shows for the submission it follows. */
  submissions: SubmissionSummaryJson[];
  more: boolean;
  loadingOlder: boolean;
  onOlder: () => void;
  currentId: string | null;
  onView: (id: string) => void;
  onLoadCode: (id: string) => void;
  onCompare: (id: string) => void;
  loadingId: string | null;
}

export function SubmissionHistory({ submissions, more, loadingOlder, onOlder, currentId, onView, onLoadCode, onCompare, loadingId }: SubmissionHistoryProps) {
  return (
    <section className="history card" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">Your submissions</h2>
      {submissions.length === 0 ? (
        <p className="muted">No submissions yet.</p>
      ) : (
        <div className="history__scroll" tabIndex={0} role="region" aria-label="Your submissions (scrolls sideways)">
          <table className="history__table">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Submitted</th>
                <th scope="col">Status</th>
                <th scope="col">Score</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => {
                const label = attemptLabel(s);
                // Names the row for screen readers, whose users hear "Load code" once per row otherwise.
                const name = s.attempt === null ? 'this uncounted submission' : `attempt ${s.attempt}`;
                return (
                  <tr key={s.id} data-testid="history-row" data-submission-id={s.id} data-status={s.status} data-attempt={s.attempt ?? ''} aria-current={s.id === currentId ? 'true' : undefined}>
                    <th scope="row" className="history__attempt" data-testid="history-attempt">
                      {s.attempt === null ? (
                        <span className="muted" title="Submissions that could not be graded never use up an attempt.">
                          {label}
                        </span>
                      ) : (
                        label
                      )}
                    </th>
                    <td>
                      <LocalTime iso={s.createdAt} seconds />
                    </td>
                    <td>
                      <span className={`status-pill status-pill--${s.status.toLowerCase().replace('_', '-')}`} data-testid="history-status">
                        {STATUS_LABELS[s.status]}
                      </span>
                    </td>
                    <td>{s.status === 'GRADED' ? formatPercent(s.score) : '—'}</td>
                    <td className="history__actions">
                      <button type="button" className="button button--small" onClick={() => onView(s.id)} disabled={s.id === currentId} aria-label={`View result of ${name}`}>
                        View result
                      </button>
                      <button type="button" className="button button--small" onClick={() => onLoadCode(s.id)} disabled={loadingId === s.id} aria-label={`Load code of ${name}`}>
                        {loadingId === s.id ? 'Loading…' : 'Load code'}
                      </button>
                      <button type="button" className="button button--small" onClick={() => onCompare(s.id)} aria-label={`Compare ${name} with your current code`}>
                        Compare
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <p className="history__more">
          <button type="button" className="button button--small" onClick={onOlder} disabled={loadingOlder} data-testid="history-older">
            {loadingOlder ? 'Loading…' : 'Show older submissions'}
          </button>
        </p>
      )}
    </section>
  );
}
