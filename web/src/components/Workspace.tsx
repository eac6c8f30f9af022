'use client';
// The right-hand column of an exercise: editor, Submit, the live result and the submission history.
// The editor's text is saved as a draft while the learner types (use-draft.ts); anything that would
// replace text that exists nowhere else asks first, and every replacement can be undone (a button,
// and Ctrl/⌘+Z in the editor).
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { attemptLabel, mergeHistory, nextAttempt, withLiveView, withNewSubmission, type HistoryState } from '@/lib/history';
import { typeWarningsFrom, type TypeWarning } from '@/lib/type-warnings';
import type { SubmissionDetailJson, SubmissionPageJson, SubmissionViewJson } from '@/lib/wire';
import { BrowserChecksPanel } from './BrowserChecksPanel';
import type { EditorApi } from './CodeEditor';
import { ComparePanel, type CompareSide } from './ComparePanel';
import { ResultPanel } from './ResultPanel';
import { SubmissionHistory } from './SubmissionHistory';
import { useBrowserChecks } from './use-browser-checks';
import { DRAFT_STATE_LABELS, useDraft } from './use-draft';
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
  /** What the editor opens on: the newer of the learner's draft and last submission, else the starter. */
  initialCode: string;
  /** When that text was saved (null for the starter). */
  initialCodeAt: string | null;
  /** The code of the learner's last submission, if any (replacing it loses nothing). */
  lastSubmittedCode: string | null;
  /** null for a visitor who is not signed in: no history, no drafts, no submitting. */
  initialHistory: SubmissionPageJson | null;
  initialSubmission: SubmissionViewJson | null;
  /** Submissions count for this course assignment (reached from the course). */
  assignmentId?: string;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string };
}

export function Workspace({
  exerciseSlug,
  contentHash,
  timeLimitMs,
  visibleChecks,
  hiddenChecks,
  starter,
  initialCode,
  initialCodeAt,
  lastSubmittedCode,
  initialHistory,
  initialSubmission,
  assignmentId,
}: WorkspaceProps) {
  const router = useRouter();
  const signedIn = initialHistory !== null;
  const [code, setCode] = useState(initialCode);
  const codeRef = useRef(code);
  codeRef.current = code;
  const editor = useRef<EditorApi | null>(null);
  const browserChecks = useBrowserChecks({ slug: exerciseSlug, contentHash, timeLimitMs });
  const [history, setHistory] = useState<HistoryState>({ rows: initialHistory?.submissions ?? [], more: initialHistory?.more ?? false });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [posting, setPosting] = useState(false);
  const [submitError, setSubmitError] = useState<{ message: string; signIn: boolean } | null>(null);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const [undo, setUndo] = useState<{ previous: string; applied: string; message: string } | null>(null);
  const [compare, setCompare] = useState<{ original: CompareSide; modified: CompareSide } | null>(null);
  const [typeWarnings, setTypeWarnings] = useState<Record<string, { warnings: TypeWarning[]; total: number }>>({});
  // Texts that exist somewhere besides the editor (the starter, submitted or loaded code): replacing
  // one of them loses nothing, so it needs no confirmation.
  const checkpoints = useRef(new Set([starter, ...(lastSubmittedCode !== null ? [lastSubmittedCode] : [])]));
  const codeCache = useRef(new Map<string, string>());

  /** Replaces the editor's text as one undoable edit, and offers to undo it. */
  const replaceCode = useCallback((next: string, message: string) => {
    const previous = codeRef.current;
    if (previous === next) return;
    if (editor.current) editor.current.replaceAll(next);
    else setCode(next);
    setUndo({ previous, applied: next, message });
  }, []);

  const draft = useDraft({
    exerciseSlug,
    code,
    enabled: signedIn,
    serverText: initialCode,
    serverTextAt: initialCodeAt,
    onRemoteDraft: (text) => replaceCode(text, 'Updated with the code you saved on another device.'),
  });

  // The undo offer stands only while the replaced text is untouched.
  useEffect(() => {
    if (undo && code !== undo.applied) setUndo(null);
  }, [code, undo]);

  /** True when replacing the editor's text is fine: nothing would be lost, or the learner agreed. */
  const mayReplace = (question: string): boolean =>
    checkpoints.current.has(codeRef.current) ||
    window.confirm(`${question}\n\nThe code in the editor has changes that are in none of your submissions. You can undo the replacement right after.`);

  const refreshHistory = useCallback(async () => {
    try {
      const res = await fetch(`/api/submissions?exerciseSlug=${encodeURIComponent(exerciseSlug)}`, { cache: 'no-store' });
      if (res.ok) {
        const page = (await res.json()) as SubmissionPageJson;
        setHistory((h) => mergeHistory(h, page, false));
      }
    } catch {
      // The list is a convenience; the next refresh will catch up.
    }
  }, [exerciseSlug]);

  const loadOlder = useCallback(async () => {
    const last = history.rows[history.rows.length - 1];
    if (!last) return;
    setLoadingOlder(true);
    try {
      const res = await fetch(`/api/submissions?exerciseSlug=${encodeURIComponent(exerciseSlug)}&before=${encodeURIComponent(last.id)}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const page = (await res.json()) as SubmissionPageJson;
      setHistory((h) => mergeHistory(h, page, true));
    } catch {
      setSubmitError({ message: 'Could not load older submissions. Try again in a moment.', signIn: false });
    } finally {
      setLoadingOlder(false);
    }
  }, [exerciseSlug, history.rows]);

  // On an assignment, a verdict changes the banner above (attempts left, counted score): re-render it.
  const status = useSubmissionStatus(initialSubmission, () => {
    void refreshHistory();
    if (assignmentId) router.refresh();
  });

  const submit = useCallback(async () => {
    if (posting || !signedIn) return;
    setPosting(true);
    setSubmitError(null);
    status.clear();
    const submitted = code;
    // What the editor's TypeScript service says right now: shown beside the verdict, never scored.
    const warnings = editor.current ? typeWarningsFrom(editor.current.markers()) : null;
    try {
      const res = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ exerciseSlug, code: submitted, ...(assignmentId ? { assignmentId } : {}) }),
      });
      const body = (await res.json().catch(() => null)) as ({ id?: string } & ApiErrorBody) | null;
      if (res.status === 202 && body?.id) {
        const id = body.id;
        const now = new Date().toISOString();
        checkpoints.current.add(submitted);
        codeCache.current.set(id, submitted);
        if (warnings && warnings.total > 0) setTypeWarnings((w) => ({ ...w, [id]: warnings }));
        status.follow(id, {
          id,
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
        setHistory((h) => withNewSubmission(h, { id, status: 'QUEUED', score: null, createdAt: now, attempt: nextAttempt(h) }));
        void refreshHistory();
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
  }, [code, exerciseSlug, posting, signedIn, status, assignmentId, router, refreshHistory]);

  const codeOf = useCallback(async (id: string): Promise<string> => {
    const cached = codeCache.current.get(id);
    if (cached !== undefined) return cached;
    const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
    const text = ((await res.json()) as SubmissionDetailJson).code;
    codeCache.current.set(id, text);
    return text;
  }, []);

  const rows = withLiveView(history.rows, status.view);

  const loadCode = async (id: string) => {
    const row = rows.find((r) => r.id === id);
    const label = row ? attemptLabel(row).toLowerCase() : 'that submission';
    setLoadingId(id);
    try {
      const text = await codeOf(id);
      if (text === codeRef.current) return;
      if (!mayReplace(`Replace the code in the editor with the code of ${label}?`)) return;
      checkpoints.current.add(text);
      replaceCode(text, `Loaded the code of ${label}.`);
      editor.current?.focus();
    } catch {
      setSubmitError({ message: 'Could not load that submission’s code.', signIn: false });
    } finally {
      setLoadingId(null);
    }
  };

  const resetToStarter = () => {
    if (code === starter) return;
    if (!mayReplace('Replace the code in the editor with the starter code?')) return;
    replaceCode(starter, 'Reset to the starter code.');
  };

  const undoReplace = () => {
    if (!undo) return;
    const { previous } = undo;
    setUndo(null);
    if (editor.current) editor.current.replaceAll(previous);
    else setCode(previous);
    editor.current?.focus();
  };

  const { follow } = status;
  const viewResult = useCallback((id: string) => follow(id, null), [follow]);
  const runChecks = () => void browserChecks.run(codeRef.current);
  const checksStale = browserChecks.ranCode !== null && browserChecks.ranCode !== code;
  const signInHref = `/signin?next=${encodeURIComponent(`/exercises/${exerciseSlug}`)}`;

  return (
    <div className="exercise__workspace">
      <section className="editor-panel card" aria-label="Code editor">
        <div className="editor-panel__bar">
          <span className="editor-panel__file">submission.ts</span>
          {signedIn ? (
            <span className={`draft-status draft-status--${draft.state}`} data-testid="draft-status" data-state={draft.state} title={draft.problem ?? undefined}>
              {DRAFT_STATE_LABELS[draft.state]}
            </span>
          ) : (
            <span className="muted small">Not saved: sign in to keep your work</span>
          )}
        </div>
        <div className="editor-frame" data-testid="code-editor">
          <CodeEditor
            value={code}
            onChange={setCode}
            onReady={(api) => {
              editor.current = api;
            }}
            onSubmitShortcut={() => void submit()}
            onCheckShortcut={visibleChecks > 0 ? runChecks : undefined}
            ariaLabel="Solution code editor. Press Control+M to switch Tab between indenting and moving focus."
          />
        </div>
        {undo && (
          <p className="undo-bar" role="status" data-testid="undo-bar">
            <span>{undo.message}</span>
            <button type="button" className="button button--small" onClick={undoReplace} data-testid="undo-replace">
              Undo
            </button>
          </p>
        )}
        <div className="editor-panel__actions">
          {signedIn ? (
            <button type="button" className="button button--primary" onClick={() => void submit()} disabled={posting} aria-keyshortcuts="Control+Enter">
              {posting ? 'Submitting…' : 'Submit'}
            </button>
          ) : (
            <a className="button button--primary" href={signInHref} data-testid="signin-to-submit">
              Sign in to submit
            </a>
          )}
          {visibleChecks > 0 && (
            <button
              type="button"
              className="button"
              onClick={runChecks}
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
          <span className="muted small">
            {signedIn ? 'Ctrl/⌘ + Enter submits' : 'Submitting needs an account'}
            {visibleChecks > 0 ? ' · Ctrl/⌘ + Shift + Enter runs the visible checks' : ''}
          </span>
        </div>
        <p className="editor-keys muted small" data-testid="editor-keys">
          <strong>Keyboard:</strong> inside the editor Tab indents. To leave the editor with Tab, press <kbd>Ctrl</kbd>+<kbd>M</kbd> (on a Mac{' '}
          <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd>) first; press it again to indent with Tab. <kbd>Esc</kbd> closes suggestions.
        </p>
        {draft.state === 'error' && draft.problem && (
          <p className="alert alert--warning" data-testid="draft-problem">
            Your code is not saved yet: {draft.problem} It stays in this tab; saving is retried.
          </p>
        )}
        {submitError && (
          <p className="alert alert--error" role="alert" data-testid="submit-error">
            {submitError.message} {submitError.signIn && <a href={signInHref}>Sign in again</a>}
          </p>
        )}
      </section>
      <BrowserChecksPanel state={browserChecks.state} hiddenChecks={hiddenChecks} stale={checksStale} onRerun={runChecks} />
      {signedIn && (
        <ResultPanel
          view={status.view}
          posting={posting}
          problem={status.problem}
          connection={status.connection}
          typeWarnings={status.view ? (typeWarnings[status.view.id] ?? null) : null}
        />
      )}
      {signedIn && compare && (
        <ComparePanel
          rows={rows}
          currentCode={code}
          original={compare.original}
          modified={compare.modified}
          onChange={(original, modified) => setCompare({ original, modified })}
          onClose={() => setCompare(null)}
          codeOf={codeOf}
        />
      )}
      {signedIn && (
        <SubmissionHistory
          submissions={rows}
          more={history.more}
          loadingOlder={loadingOlder}
          onOlder={() => void loadOlder()}
          currentId={status.view?.id ?? null}
          onView={viewResult}
          onLoadCode={(id) => void loadCode(id)}
          onCompare={(id) => setCompare({ original: id, modified: 'current' })}
          loadingId={loadingId}
        />
      )}
    </div>
  );
}
