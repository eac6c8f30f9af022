'use client';
// A course or assignment leaderboard that follows the course live: the server sends the course's
// leaderboard version over Server-Sent Events whenever it changes (a submission graded, a setting, a
// name or an opt-out), and the page fetches its own board again (what it may see is per viewer).
// Without EventSource, or when the stream fails for good, it polls every 10 s instead.
import { useCallback, useEffect, useRef, useState } from 'react';
import { boardScoreText, metricText, rankForMeText } from '@/lib/leaderboard-text';
import type { LeaderboardJson } from '@/lib/wire';
import { LocalTime } from '../LocalTime';
import { BoardSettingsForm, MyBoardEntryForm } from './LeaderboardForms';

const POLL_MS = 10_000;

export type BoardState = { kind: 'shown'; board: LeaderboardJson } | { kind: 'hidden'; message: string } | { kind: 'gone'; message: string };

export function LiveLeaderboard({ slug, assignmentId, initial, canManage }: { slug: string; assignmentId: string | null; initial: BoardState; canManage: boolean }) {
  const [state, setState] = useState<BoardState>(initial);
  const [live, setLive] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const url = `/api/courses/${encodeURIComponent(slug)}/leaderboard${assignmentId ? `?assignment=${encodeURIComponent(assignmentId)}` : ''}`;

  const load = useCallback(async (): Promise<void> => {
    let res: Response;
    try {
      res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
    } catch {
      return; // offline for a moment: the next change or poll tries again
    }
    const body = (await res.json().catch(() => null)) as (LeaderboardJson & { error?: { message?: string } }) | null;
    if (res.ok && body) setState({ kind: 'shown', board: body });
    else if (res.status === 403) setState({ kind: 'hidden', message: body?.error?.message ?? 'This leaderboard is hidden by the instructor.' });
    else if (res.status === 404 || res.status === 401) setState({ kind: 'gone', message: body?.error?.message ?? 'This leaderboard is no longer available.' });
  }, [url]);

  /** One fetch at a time; a change that arrives meanwhile is fetched right after. */
  const refresh = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = load().finally(() => {
      inFlight.current = null;
      if (again.current) {
        again.current = false;
        refresh();
      }
    });
  }, [load]);

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const poll = () => {
      setLive(false);
      if (!timer) timer = setInterval(refresh, POLL_MS);
    };
    const open = () => {
      if (stopped) return;
      source = new EventSource(`/api/courses/${encodeURIComponent(slug)}/leaderboard/events`);
      source.addEventListener('open', () => setLive(true));
      // Every version, the first included (something may have changed since the page was rendered).
      source.addEventListener('status', () => {
        setLive(true);
        refresh();
      });
      // The stream's life is capped: open a new one.
      source.addEventListener('timeout', () => {
        source?.close();
        open();
      });
      source.addEventListener('gone', () => {
        source?.close();
        setLive(false);
        void load();
      });
      source.addEventListener('failed', () => {
        source?.close();
        poll();
      });
      source.addEventListener('error', () => {
        // EventSource retries by itself; a closed one (refused, e.g. 429) will not: poll instead.
        if (source?.readyState === EventSource.CLOSED) poll();
        else setLive(false);
      });
    };
    if (typeof EventSource === 'function') open();
    else poll();
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearInterval(timer);
    };
  }, [slug, refresh, load]);

  return (
    <div data-testid="live-leaderboard" data-live={live ? 'true' : 'false'}>
      <p className="muted small" aria-live="off">
        {live ? 'Live: the board updates as work is graded.' : 'Connecting for live updates…'}
      </p>
      {state.kind === 'hidden' ? (
        <p className="alert alert--info" role="status" data-testid="leaderboard-hidden">
          {state.message}
        </p>
      ) : state.kind === 'gone' ? (
        <p className="alert alert--error" role="alert">
          {state.message}
        </p>
      ) : (
        <Board board={state.board} slug={slug} canManage={canManage} onChanged={refresh} />
      )}
    </div>
  );
}

function Board({ board, slug, canManage, onChanged }: { board: LeaderboardJson; slug: string; canManage: boolean; onChanged: () => void }) {
  const courseBoard = board.assignment === null;
  const metric = board.metric;
  return (
    <>
      {board.frozenAt && (
        <p className="alert alert--warning" data-testid="leaderboard-frozen">
          Frozen: ranks as they stood at <LocalTime iso={board.frozenAt} /> (work submitted after that does not count here).
        </p>
      )}
      {board.viewerIsStaff && board.settings.hidden && (
        <p className="alert alert--info" data-testid="leaderboard-hidden-note">
          Hidden from students: they read that the instructor hid it. You see it because you teach the course.
        </p>
      )}
      {board.me && (
        <p className="lead" data-testid="rank-for-me">
          {rankForMeText(board.me)}
        </p>
      )}
      {metric && (
        <p className="muted small" data-testid="metric-explanation">
          <strong>{metric.unit}</strong> (lower is better): {metric.explanation} Measured by the grader, never reported by your code.
        </p>
      )}
      {board.rows.length === 0 ? (
        <p className="muted" data-testid="leaderboard-empty">
          Nobody is on this leaderboard yet.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table leaderboard-table" data-testid="leaderboard-table">
            <caption className="visually-hidden">
              {courseBoard ? 'Course leaderboard' : `Leaderboard of ${board.assignment!.exerciseTitle}`}: rank, name, score{metric ? `, ${metric.unit}` : ''} and when the score was reached
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Name</th>
                {board.viewerIsStaff && <th scope="col">Shown to students as</th>}
                <th scope="col" className="num">
                  {courseBoard ? 'Total' : 'Score'}
                </th>
                {metric && (
                  <th scope="col" className="num">
                    {metric.unit}
                  </th>
                )}
                <th scope="col">Reached</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr
                  // Board names are unique in the course (real names, shown to staff, may not be).
                  key={r.boardName ?? r.name}
                  data-testid="leaderboard-row"
                  data-rank={r.rank}
                  data-me={r.me ? 'true' : undefined}
                  aria-current={r.me ? 'true' : undefined}
                  className={r.me ? 'leaderboard-row--me' : undefined}
                >
                  <td className="num">{r.rank}</td>
                  <th scope="row" data-testid="leaderboard-name">
                    {r.name}
                    {r.me && <span className="muted small"> (you)</span>}
                    {r.optedOut && <span className="muted small"> · left the board, students do not see this row</span>}
                  </th>
                  {board.viewerIsStaff && <td>{r.boardName}</td>}
                  <td className="num" data-testid="leaderboard-score">
                    {boardScoreText(r.score, board.maxScore, courseBoard)}
                  </td>
                  {metric && (
                    <td className="num" data-testid="leaderboard-metric">
                      {metricText(r.metric)}
                    </td>
                  )}
                  <td>
                    <LocalTime iso={r.reachedAt} seconds />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        Ranked by the score the course counts{courseBoard ? ' (the sum over its assignments)' : ''}; equal scores go to whoever reached them first.
      </p>
      {board.me && <MyBoardEntryForm slug={slug} me={board.me} onChanged={onChanged} />}
      {canManage && <BoardSettingsForm slug={slug} settings={board.settings} onChanged={onChanged} />}
    </>
  );
}
