'use client';
// A student's own entry on the course's leaderboards (the name others see, leaving the boards) and
// the instructors' settings (hide from students, freeze at an instant). Each posts JSON to the API,
// which decides who may do what, and shows the API's own sentence when refused.
import { useState, type FormEvent } from 'react';
import { callApi } from '@/lib/api-client';
import type { LeaderboardJson } from '@/lib/wire';
import { LocalTime } from '../LocalTime';

/** Longest name the input takes; the API refuses longer ones anyway (BOARD_NAME_MAX). */
const NAME_INPUT_MAX = 32;

function useAction(onChanged: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(url: string, body: unknown): Promise<boolean> {
    setBusy(true);
    setError(null);
    const res = await callApi(url, 'POST', body);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return false;
    }
    onChanged();
    return true;
  }
  return { busy, error, run };
}

export function MyBoardEntryForm({ slug, me, onChanged }: { slug: string; me: NonNullable<LeaderboardJson['me']>; onChanged: () => void }) {
  const { busy, error, run } = useAction(onChanged);
  const url = `/api/courses/${encodeURIComponent(slug)}/leaderboard/me`;
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = e.currentTarget.elements.namedItem('boardName') as HTMLInputElement;
    if (await run(url, { name: input.value })) input.value = '';
  }
  return (
    <section className="card course-section leaderboard-me" aria-labelledby="board-me-title">
      <h2 id="board-me-title">You on this course&apos;s leaderboards</h2>
      <p className="muted small">
        Other students see you as <strong data-testid="my-board-name">{me.name}</strong>
        {me.chosenName === null ? ' (your account name)' : ''}. The course staff always see your real name.
      </p>
      <form className="form form--inline" onSubmit={(e) => void onSubmit(e)} aria-label="Choose your leaderboard name">
        <div className="field">
          <label htmlFor="boardName">Name on the leaderboards</label>
          <input id="boardName" name="boardName" required minLength={2} maxLength={NAME_INPUT_MAX} autoComplete="off" placeholder="e.g. Quiet Fox" />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Use this name
        </button>
        {me.chosenName !== null && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { name: null })}>
            Use my account name
          </button>
        )}
      </form>
      <p>
        {me.optedOut ? (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { optOut: false })} data-testid="board-opt-in">
            Show me on the leaderboards again
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { optOut: true })} data-testid="board-opt-out">
            Leave the leaderboards
          </button>
        )}{' '}
        <span className="muted small">Leaving hides you from the other students; you still see your own place.</span>
      </p>
      {error && (
        <p className="alert alert--error" role="alert" data-testid="board-entry-error">
          {error}
        </p>
      )}
    </section>
  );
}

/** A datetime-local value (the reader's zone) as an instant; null when empty or not a date. */
function instantFromLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function BoardSettingsForm({ slug, settings, onChanged }: { slug: string; settings: LeaderboardJson['settings']; onChanged: () => void }) {
  const { busy, error, run } = useAction(onChanged);
  const url = `/api/courses/${encodeURIComponent(slug)}/leaderboard/settings`;
  async function onFreeze(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const at = instantFromLocal((e.currentTarget.elements.namedItem('freezeAt') as HTMLInputElement).value);
    await run(url, { frozenAt: at ?? new Date().toISOString() });
  }
  return (
    <section className="card course-section" aria-labelledby="board-settings-title">
      <h2 id="board-settings-title">Leaderboard settings (instructors)</h2>
      <p>
        {settings.hidden ? (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { hidden: false })} data-testid="board-show">
            Show the leaderboards to students
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { hidden: true })} data-testid="board-hide">
            Hide the leaderboards from students
          </button>
        )}
      </p>
      <form className="form form--inline" onSubmit={(e) => void onFreeze(e)} aria-label="Freeze the leaderboards">
        <div className="field">
          <label htmlFor="freezeAt">Freeze at (empty: now)</label>
          <input id="freezeAt" name="freezeAt" type="datetime-local" />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Freeze
        </button>
        {settings.frozenAt && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(url, { frozenAt: null })} data-testid="board-unfreeze">
            Unfreeze
          </button>
        )}
      </form>
      <p className="muted small">
        {settings.frozenAt ? (
          <>
            Frozen at <LocalTime iso={settings.frozenAt} />: boards rank the work submitted until then.
          </>
        ) : (
          'Not frozen: boards follow every grade.'
        )}
      </p>
      {error && (
        <p className="alert alert--error" role="alert" data-testid="board-settings-error">
          {error}
        </p>
      )}
    </section>
  );
}
