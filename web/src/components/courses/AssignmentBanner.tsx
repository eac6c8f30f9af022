// An assignment's rules and the learner's standing, above the exercise when it is reached from a
// course: the window (in the reader's time zone), the late policy, attempts and the counted score.
import Link from 'next/link';
import { attemptsText, latePenaltyText } from '@/lib/assignment-text';
import { formatPercent } from '@/lib/format';
import type { AssignmentView } from '@/server/data';
import { LocalTime } from '../LocalTime';
import { TimeLeft } from '../TimeLeft';

export const STATE_LABELS: Record<AssignmentView['state'], string> = {
  UPCOMING: 'Not open yet',
  OPEN: 'Open',
  LATE: 'Late period',
  CLOSED: 'Closed',
};

export function AssignmentBanner({ a }: { a: AssignmentView }) {
  const s = a.standing;
  return (
    <section className="assignment-banner" aria-label="Assignment" data-testid="assignment-banner" data-state={a.state}>
      <p className="assignment-banner__course">
        Assignment in <Link href={`/courses/${a.course.slug}`}>{a.course.title}</Link>
        <span className={`state-pill state-pill--${a.state.toLowerCase()}`}>{STATE_LABELS[a.state]}</span>
      </p>
      <dl className="facts">
        {a.opensAt && (
          <div>
            <dt>Opens</dt>
            <dd>
              <LocalTime iso={a.opensAt} />
            </dd>
          </div>
        )}
        <div>
          <dt>Due</dt>
          <dd>{a.dueAt ? <LocalTime iso={a.dueAt} /> : 'No deadline'}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            <TimeLeft opensAt={a.opensAt} dueAt={a.dueAt} latePenaltyPerDay={a.latePenaltyPerDay} lateUntil={a.lateUntil} />
          </dd>
        </div>
        {a.dueAt && (
          <div>
            <dt>Late work</dt>
            <dd>
              {a.latePenaltyPerDay !== null && a.lateUntil ? (
                <>
                  {latePenaltyText(a.latePenaltyPerDay)}, until <LocalTime iso={a.lateUntil} />
                </>
              ) : (
                'Not accepted after the due date'
              )}
            </dd>
          </div>
        )}
        {s && (
          <div>
            <dt>Attempts</dt>
            <dd data-testid="attempts-left">{attemptsText(s.attemptsUsed, a.maxSubmissions)}</dd>
          </div>
        )}
        {a.minSecondsBetween ? (
          <div>
            <dt>Pace</dt>
            <dd>
              One submission every {Math.round(a.minSecondsBetween / 6) / 10} min
              {s?.nextSubmissionAt && (
                <>
                  {' '}
                  · next from <LocalTime iso={s.nextSubmissionAt} />
                </>
              )}
            </dd>
          </div>
        ) : null}
        {s && (
          <div>
            <dt>Counted score</dt>
            <dd data-testid="counted-score">
              {formatPercent(s.counted.score)}
              {s.counted.late && s.counted.rawScore !== null && <span className="muted"> (late; {formatPercent(s.counted.rawScore)} before the penalty)</span>}
            </dd>
          </div>
        )}
      </dl>
      <p className="muted small">
        Your best score counts. Code that could not be graded, or a failure on our side, never uses up an attempt.{' '}
        <Link href={`/courses/${a.course.slug}/assignments/${a.id}/leaderboard`} data-testid="assignment-leaderboard-link">
          Leaderboard
        </Link>
      </p>
    </section>
  );
}
