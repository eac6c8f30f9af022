// Learner-facing wording and number formats for results; one place so tests pin the text.
import type { SubmissionStatus } from './wire';

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  QUEUED: 'Waiting in the queue',
  RUNNING: 'Running…',
  GRADED: 'Graded',
  NOT_GRADABLE: 'Could not be graded',
  INTERNAL_ERROR: 'Grader error (our fault)',
};

/** Score in [0,1] as a whole percentage; never rounds an imperfect score up to 100% or a partial one down to 0%. */
export function formatPercent(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  const clamped = Math.min(1, Math.max(0, score));
  let pct = Math.round(clamped * 100);
  if (clamped < 1 && pct === 100) pct = 99;
  if (clamped > 0 && pct === 0) pct = 1;
  return `${pct}%`;
}

export function formatPoints(points: number): string {
  if (!Number.isFinite(points)) return '—';
  return Number.isInteger(points) ? String(points) : String(Math.round(points * 100) / 100);
}

/** "1 pt", "2 pts", "0.5 pts". */
export function pointsLabel(points: number): string {
  return `${formatPoints(points)} ${points === 1 ? 'pt' : 'pts'}`;
}

export function formatPointsOf(points: number, maxPoints: number): string {
  return `${formatPoints(points)} / ${formatPoints(maxPoints)}`;
}

export function queueText(position: number | null): string {
  if (position === null || position <= 0) return 'Waiting for a grader…';
  if (position === 1) return 'You are next in the queue.';
  return `Position ${position} in the queue.`;
}

/** The wording of NOT_GRADABLE reasons is the results contract's, next to the reasons themselves. */
export { notGradableHeadline } from '@tyinglab/contract';

/** A fact's value beside a check: integers as they are, other numbers to 4 significant places. */
export function formatFactValue(value: number | string | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? String(value) : formatNumber(value);
}

/** Short number for axes and facts: scientific notation for very small or large magnitudes. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** Date and time; `seconds` where two moments minutes apart must be told apart (the submission history). */
export function formatDateTime(iso: string, locale?: string, timeZone?: string, seconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short', ...(timeZone ? { timeZone } : {}) });
}

/** "3 attempts" — the learner's attempts at an exercise (NOT_GRADABLE and INTERNAL_ERROR endings are not attempts). */
export function attemptsLabel(attempts: number): string {
  return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

type Progress = { attempts: number; bestScore: number | null; solved: boolean } | null | undefined;

/** "Solved", "Best 40%", "No score yet" or "Not started". */
function progressHeadline(p: Progress): string {
  if (!p) return 'Not started';
  return p.solved ? 'Solved' : p.bestScore !== null ? `Best ${formatPercent(p.bestScore)}` : 'No score yet';
}

/** The learner's standing on an exercise in a few words: "Solved · 2 attempts", "Best 40% · 3 attempts", "Not started". */
export function progressText(p: Progress): string {
  return p ? `${progressHeadline(p)} · ${attemptsLabel(p.attempts)}` : progressHeadline(p);
}
