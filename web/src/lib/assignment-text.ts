// Learner-facing wording of an assignment's rules and of the time left; one place so tests pin it.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 days 4 hours", "2 hours 5 minutes", "40 minutes", "less than a minute". */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return 'less than a minute';
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  return plural(minutes, 'minute');
}

export interface WindowDates {
  opensAt: string | null;
  dueAt: string | null;
  latePenaltyPerDay: number | null;
  lateUntil: string | null;
}

/** What the learner should know right now about the deadline. */
export function timeLeftText(w: WindowDates, now: number): string {
  const opens = w.opensAt ? Date.parse(w.opensAt) : null;
  const due = w.dueAt ? Date.parse(w.dueAt) : null;
  const cutoff = w.latePenaltyPerDay !== null && w.lateUntil ? Date.parse(w.lateUntil) : null;
  if (opens !== null && now < opens) return `Opens in ${formatDuration(opens - now)}`;
  if (due === null) return 'No deadline';
  if (now <= due) return `${formatDuration(due - now)} left`;
  if (cutoff !== null && now <= cutoff) return `Past due: late work accepted for ${formatDuration(cutoff - now)} more`;
  return 'Closed';
}

/** "−10 % per started day late" — the late policy in words (the cut-off date is shown next to it). */
export function latePenaltyText(penaltyPerDay: number): string {
  return `−${Math.round(penaltyPerDay * 1000) / 10} % of the score per started day late`;
}

export function attemptsText(used: number, max: number | null): string {
  if (max === null) return `${used} attempt${used === 1 ? '' : 's'} used (no limit)`;
  const left = Math.max(0, max - used);
  return `${left} of ${max} attempt${max === 1 ? '' : 's'} left`;
}
