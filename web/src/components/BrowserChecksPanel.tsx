'use client';
// Instant feedback: the exercise's visible checks, run on the learner's own code in their browser on
// public inputs. Not a grade: the server re-runs them on fresh inputs, with the hidden checks.
import { formatPointsOf } from '@/lib/format';
import type { BrowserChecksState } from './use-browser-checks';
import { CheckRow } from './ResultPanel';

export interface BrowserChecksPanelProps {
  state: BrowserChecksState;
  hiddenChecks: number;
  /** The code changed since these checks ran: their verdict is about an older version. */
  stale: boolean;
  onRerun?: () => void;
}

export function BrowserChecksPanel({ state, hiddenChecks, stale, onRerun }: BrowserChecksPanelProps) {
  if (state.phase === 'idle') return null;
  const showStale = stale && state.phase !== 'starting' && state.phase !== 'running';
  return (
    <section
      className={`result card browser-checks${showStale ? ' browser-checks--stale' : ''}`}
      aria-labelledby="browser-checks-title"
      data-testid="browser-checks"
      data-phase={state.phase}
      data-stale={String(showStale)}
    >
      <div className="result__head">
        <h2 id="browser-checks-title">Visible checks</h2>
        <span className="muted small">in your browser · not graded</span>
      </div>
      {showStale && (
        <p className="alert alert--info browser-checks__stale" data-testid="browser-checks-stale">
          Your code changed since these checks ran, so they describe an older version.{' '}
          {onRerun && (
            <button type="button" className="button button--small" onClick={onRerun}>
              Run them again
            </button>
          )}
        </p>
      )}
      <div aria-live="polite" className="browser-checks__body">
        <Body state={state} />
        {state.phase === 'done' && state.outcome.status === 'CHECKED' && (
          <p className="muted small">
            {hiddenChecks > 0 ? `${hiddenChecks} hidden check${hiddenChecks === 1 ? '' : 's'} run only when you submit. ` : ''}
            Submitting re-runs every check on fresh inputs for your score. Output of <code>console.log</code> appears in your browser’s developer console.
          </p>
        )}
      </div>
    </section>
  );
}

function Body({ state }: { state: BrowserChecksState }) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <p className="status-line" data-testid="browser-checks-status">
          <span className="spinner" aria-hidden="true" />
          Starting TensorFlow.js in your browser…
        </p>
      );
    case 'running':
      return (
        <p className="status-line" data-testid="browser-checks-status">
          <span className="spinner" aria-hidden="true" />
          Running the visible checks…
        </p>
      );
    case 'time-limit':
      return (
        <p className="alert alert--warning" data-testid="browser-checks-status">
          Stopped after {state.seconds} s: your code did not finish within the exercise’s time limit (an endless loop, or far too much work?). The page is
          fine; fix the code and run the checks again.
        </p>
      );
    case 'stale':
      return (
        <p className="alert alert--warning" data-testid="browser-checks-status">
          This exercise changed since the in-browser checks were built. Reload the page; if this persists, restart the site. Submitting still grades normally.
        </p>
      );
    case 'failed':
      return (
        <p className="alert alert--warning" data-testid="browser-checks-status">
          The in-browser checks could not run ({state.message}). This is not a problem with your code: submit to have it graded.
        </p>
      );
    case 'done': {
      const o = state.outcome;
      if (o.status === 'NOT_RUNNABLE') {
        return (
          <div className="verdict-block verdict-block--warning">
            <p className="verdict-block__headline" data-testid="browser-checks-status">
              {o.reason === 'COMPILE_ERROR' ? 'Your code does not compile' : 'Your module could not be loaded'}
            </p>
            <pre className="diagnostic" data-testid="browser-checks-message">
              {o.message}
            </pre>
          </div>
        );
      }
      const rows = o.checks;
      const earned = rows.reduce((s, c) => s + c.points, 0);
      const max = rows.reduce((s, c) => s + c.maxPoints, 0);
      return (
        <>
          <p className="score-line" data-testid="browser-checks-status">
            <strong data-testid="browser-checks-summary">
              {o.passed} of {o.total} visible checks passed
            </strong>
            <span className="muted">
              {formatPointsOf(earned, max)} points · {o.durationMs} ms on {state.backend}
            </span>
          </p>
          <ol className="checks">
            {rows.map((c) => (
              <CheckRow key={c.name} check={c} testId="browser-check-row" />
            ))}
          </ol>
        </>
      );
    }
  }
}
