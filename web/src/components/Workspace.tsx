'use client';
// The right-hand column of an exercise: editor, Submit, the live result and the submission history.
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import type { SubmissionDetailJson, SubmissionSummaryJson, SubmissionViewJson } from '@/lib/wire';
import { BrowserChecksPanel } from './BrowserChecksPanel';
import { ResultPanel } from './ResultPanel';
import { SubmissionHistory } from './SubmissionHistory';
import { useBrowserChecks } from './use-browser-checks';
import { useSubmissionStatus } from './use-submission-status';

const CodeEditor = dynamic(() => import('./CodeEditor'), {
  ssr: false,
  loading: () => <div className="editor-loading">Loading editor…</div>,
});

export interface WorkspaceProps {
  exerciseSlug: string;
  /** Version of the exercise; the in-browser checks must have been built from the same one. */
  contentHash: string;
  timeLimitMs: number;
  visibleChecks: number;
  hiddenChecks: number;
  starter: string;
  initialCode: string;
  initialHistory: SubmissionSummaryJson[];
  initialSubmission: SubmissionViewJson | null;
  /** Submissions count for this course assignment (reached from the course). */
  assignmentId?: string;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string };
}

export function Workspace({ exerciseSlug, contentHash, timeLimitMs, visibleChecks, hiddenChecks, starter, initialCode, initialHistory, initialSubmission, assignmentId }: WorkspaceProps) {
  const router = useRouter();
  const [code, setCode] = useState(initialCode);
  const browserChecks = useBrowserChecks({ slug: exerciseSlug, contentHash, timeLimitMs });
  const [history, setHistory] = useState(initialHistory);
  const [posting, setPosting] = useState(false);
  const [submitError, setSubmitError] = useState<{ message: string; signIn: boolean } | null>(null);
  const [loadingId, setLoadingId] = useState<string | null>(null);

  const refreshHistory = useCallback(async () => {
    try {
      const res = await fetch(`/api/submissions?exerciseSlug=${encodeURIComponent(exerciseSlug)}`, { cache: 'no-store' });
      if (res.ok) setHistory(((await res.json()) as { submissions: SubmissionSummaryJson[] }).submissions);
    } catch {
      // The list is a convenience; the next refresh will catch up.
    }
  }, [exerciseSlug]);

  // On an assignment, a verdict changes the banner above (attempts left, counted score): re-render it.
  const status = useSubmissionStatus(initialSubmission, () => {
    void refreshHistory();
    if (assignmentId) router.refresh();
  });

  const submit = useCallback(async () => {
    if (posting) return;
    setPosting(true);
    setSubmitError(null);
    status.clear();
    try {
      const res = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ exerciseSlug, code, ...(assignmentId ? { assignmentId } : {}) }),
      });
      const body = (await res.json().catch(() => null)) as ({ id?: string } & ApiErrorBody) | null;
      if (res.status === 202 && body?.id) {
        const now = new Date().toISOString();
        status.follow(body.id, {
          id: body.id,
          exerciseSlug,
          status: 'QUEUED',
          score: null,
          message: null,
          reason: null,
          createdAt: now,
          finishedAt: null,
          queuePosition: null,
          checks: [],
        });
        setHistory((h) => [{ id: body.id!, status: 'QUEUED', score: null, createdAt: now }, ...h.filter((s) => s.id !== body.id)]);
        if (assignmentId) router.refresh();
      } else {
        setSubmitError({
          message: body?.error?.message ?? `The submission failed (HTTP ${res.status}). Please try again.`,
          signIn: res.status === 401,
        });
      }
    } catch {
      setSubmitError({ message: 'Could not reach the server. Check your connection and try again.', signIn: false });
    } finally {
      setPosting(false);
    }
  }, [code, exerciseSlug, posting, status, assignmentId, router]);

  const loadCode = useCallback(async (id: string) => {
    setLoadingId(id);
    try {
      const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      setCode(((await res.json()) as SubmissionDetailJson).code);
    } catch {
      setSubmitError({ message: 'Could not load that submission’s code.', signIn: false });
    } finally {
      setLoadingId(null);
    }
  }, []);

  const { follow } = status;
  const viewResult = useCallback((id: string) => follow(id, null), [follow]);

  const resetToStarter = () => {
    if (code === starter || window.confirm('Replace the code in the editor with the starter code?')) setCode(starter);
  };

  return (
    <div className="exercise__workspace">
      <section className="editor-panel card" aria-label="Code editor">
        <div className="editor-panel__bar">
          <span className="editor-panel__file">submission.ts</span>
          <span className="muted small">TypeScript · TensorFlow.js</span>
        </div>
        <div className="editor-frame" data-testid="code-editor">
          <CodeEditor
            value={code}
            onChange={setCode}
            onSubmitShortcut={() => void submit()}
            onCheckShortcut={visibleChecks > 0 ? () => void browserChecks.run(code) : undefined}
            ariaLabel="Solution code editor" />
        </div>
        <div className="editor-panel__actions">
          <button type="button" className="button button--primary" onClick={() => void submit()} disabled={posting} aria-keyshortcuts="Control+Enter">
            {posting ? 'Submitting…' : 'Submit'}
          </button>
          {visibleChecks > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => void browserChecks.run(code)}
              disabled={browserChecks.busy}
              aria-keyshortcuts="Control+Shift+Enter"
              data-testid="run-visible-checks"
              title="Runs the visible checks on your code in this browser, on public inputs. Not graded."
            >
              {browserChecks.busy ? 'Checking…' : 'Run visible checks'}
            </button>
          )}
          <button type="button" className="button" onClick={resetToStarter}>
            Reset to starter
          </button>
          <span className="muted small">Ctrl/⌘ + Enter submits{visibleChecks > 0 ? ' · + Shift runs the visible checks' : ''}</span>
        </div>
        {submitError && (
          <p className="alert alert--error" role="alert" data-testid="submit-error">
            {submitError.message}{' '}
            {submitError.signIn && <a href={`/signin?next=${encodeURIComponent(`/exercises/${exerciseSlug}`)}`}>Sign in again</a>}
          </p>
        )}
      </section>
      <BrowserChecksPanel state={browserChecks.state} hiddenChecks={hiddenChecks} />
      <ResultPanel view={status.view} posting={posting} problem={status.problem} connection={status.connection} />
      <SubmissionHistory submissions={history} currentId={status.view?.id ?? null} onView={viewResult} onLoadCode={(id) => void loadCode(id)} loadingId={loadingId} />
    </div>
  );
}
