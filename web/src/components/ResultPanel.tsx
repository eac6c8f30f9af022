'use client';
// The verdict for one submission: queue position, running, then GRADED (score + one row per check),
// NOT_GRADABLE (what went wrong; no attempt charged) or INTERNAL_ERROR (our fault, not the learner's).
import { internalErrorMessage } from '@tyinglab/contract';
import type { ReactNode } from 'react';
import { formatFactValue, formatPercent, formatPointsOf, notGradableHeadline, queueText, STATUS_LABELS } from '@/lib/format';
import { typeWarningHeadline, type TypeWarning } from '@/lib/type-warnings';
import type { CheckResult, SubmissionViewJson } from '@/lib/wire';
import { LineChart } from './LineChart';
import { LocalTime } from './LocalTime';

export interface ResultPanelProps {
  view: SubmissionViewJson | null;
  posting: boolean;
  problem: string | null;
  connection: 'idle' | 'live' | 'polling';
  /** Type errors the editor showed when this submission was made (only known for ones made on this page). */
  typeWarnings?: { warnings: TypeWarning[]; total: number } | null;
}

export function ResultPanel({ view, posting, problem, connection, typeWarnings }: ResultPanelProps) {
  return (
    <section className="result card" aria-labelledby="result-title" data-testid="result-panel" data-status={view?.status ?? (posting ? 'POSTING' : 'NONE')}>
      <div className="result__head">
        <h2 id="result-title">Result</h2>
        {view && (
          <span className="muted small">
            Submitted <LocalTime iso={view.createdAt} />
            {connection === 'polling' ? ' · updating' : ''}
          </span>
        )}
      </div>
      <div aria-live="polite" aria-atomic="false">
        {posting && !view && <p className="status-line">Sending your code…</p>}
        {!posting && !view && <p className="muted">Submit your code to see the grader’s results here.</p>}
        {view && <ResultBody view={view} warning={typeWarnings && typeWarnings.total > 0 ? <TypeWarnings {...typeWarnings} /> : null} />}
        {problem && <p className="alert alert--warning">{problem}</p>}
      </div>
    </section>
  );
}

/** A warning, not a verdict: grading strips types, so these never change the score. */
function TypeWarnings({ warnings, total }: { warnings: TypeWarning[]; total: number }) {
  return (
    <div className="alert alert--warning type-warnings" data-testid="type-warnings">
      <p className="type-warnings__head">
        <strong>{typeWarningHeadline(total)}</strong> — they do not change the score (grading ignores types), but they often point at the bug that does.
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            <span className="type-warnings__where">line {w.line}</span> {w.message}
          </li>
        ))}
        {total > warnings.length && <li>…and {total - warnings.length} more in the editor.</li>}
      </ul>
    </div>
  );
}

/** The verdict, with `warning` (type errors at submit time) right below its first line. */
function ResultBody({ view, warning }: { view: SubmissionViewJson; warning: ReactNode }) {
  switch (view.status) {
    case 'QUEUED':
      return (
        <>
          <p className="status-line" data-testid="submission-status" data-status="QUEUED">
            <span className="spinner" aria-hidden="true" />
            {STATUS_LABELS.QUEUED}. <span data-testid="queue-position">{queueText(view.queuePosition)}</span>
          </p>
          {warning}
        </>
      );
    case 'RUNNING':
      return (
        <>
          <p className="status-line" data-testid="submission-status" data-status="RUNNING">
            <span className="spinner" aria-hidden="true" />
            {STATUS_LABELS.RUNNING}
          </p>
          {warning}
        </>
      );
    case 'GRADED':
      return <Graded view={view} warning={warning} />;
    case 'NOT_GRADABLE':
      return (
        <div className="verdict-block verdict-block--warning">
          <Verdict view={view} />
          {warning}
          <p className="verdict-block__headline">{notGradableHeadline(view.reason)}</p>
          {view.message && (
            <pre className="diagnostic" data-testid="verdict-message">
              {view.message}
            </pre>
          )}
          <p>This attempt was not charged: it does not count against you. Fix the problem and submit again.</p>
        </div>
      );
    case 'INTERNAL_ERROR':
      return (
        <div className="verdict-block verdict-block--neutral">
          <Verdict view={view} />
          {warning}
          {/* The contract's text for the reason (what happened, and what to do next). */}
          <p data-testid="verdict-message">{view.message ?? internalErrorMessage(view.reason)}</p>
        </div>
      );
  }
}

function Verdict({ view }: { view: SubmissionViewJson }) {
  return (
    <p className="verdict-line">
      <span className={`verdict verdict--${view.status.toLowerCase().replace('_', '-')}`} data-testid="verdict">
        {view.status}
      </span>
      <span className="verdict-label">{STATUS_LABELS[view.status]}</span>
    </p>
  );
}

function Graded({ view, warning }: { view: SubmissionViewJson; warning: ReactNode }) {
  const earned = view.checks.reduce((sum, c) => sum + c.points, 0);
  const max = view.checks.reduce((sum, c) => sum + c.maxPoints, 0);
  const passed = view.checks.filter((c) => c.passed).length;
  return (
    <div className="verdict-block">
      <div className="graded-summary">
        <Verdict view={view} />
        <p className="score-line">
          <span className="score" data-testid="score">
            {formatPercent(view.score)}
          </span>
          <span className="muted">
            {formatPointsOf(earned, max)} points · {passed} of {view.checks.length} checks passed
          </span>
        </p>
      </div>
      {warning}
      <ol className="checks">
        {view.checks.map((check) => (
          <CheckRow key={check.name} check={check} />
        ))}
      </ol>
    </div>
  );
}

/** One check with its points, message, and the facts and plots it declared; the in-browser panel reuses it with its own test id. */
export function CheckRow({ check, testId = 'check-row' }: { check: CheckResult; testId?: string }) {
  return (
    <li className={`check ${check.passed ? 'check--pass' : 'check--fail'}`} data-testid={testId} data-check-name={check.name} data-passed={String(check.passed)}>
      <div className="check__head">
        <span className="check__icon" aria-hidden="true">
          {check.passed ? '✓' : '✗'}
        </span>
        <span className="check__title">
          {check.title}
          <span className="visually-hidden">{check.passed ? ' (passed)' : ' (failed)'}</span>
        </span>
        {check.visibility === 'HIDDEN' && <span className="tag tag--muted">hidden</span>}
        <span className="check__points" data-testid="check-points">
          {formatPointsOf(check.points, check.maxPoints)}
        </span>
      </div>
      <p className="check__message" data-testid="check-message">
        {check.message}
      </p>
      {(check.facts.length > 0 || check.plots.length > 0) && (
        <details className="check__details">
          <summary>Details</summary>
          {check.facts.length > 0 && (
            <dl className="facts">
              {check.facts.map((f, i) => (
                <div key={i}>
                  <dt>{f.label}</dt>
                  <dd>{formatFactValue(f.value)}</dd>
                </div>
              ))}
            </dl>
          )}
          {check.plots.map((plot, i) => (
            <LineChart key={i} plot={plot} />
          ))}
        </details>
      )}
    </li>
  );
}
