// The leaderboard's wording and numbers, in one place so tests pin them. A point is a percentage
// point of one assignment: an assignment board's score 0.87 is 87 points, the course board's sum
// of counted scores 2.45 is 245 points (of 100 per assignment).
import { formatNumber, formatPercent } from './format';

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A score as points: 0.875 → "87.5", 2 → "200". */
export function boardPoints(score: number): string {
  return String(Math.round(score * 1000) / 10);
}

/** "87%" on an assignment board; "245.5 of 300 pts" on the course board. */
export function boardScoreText(score: number, maxScore: number, courseBoard: boolean): string {
  return courseBoard ? `${boardPoints(score)} of ${boardPoints(maxScore)} pts` : formatPercent(score);
}

/** The metric's value: small numbers in scientific notation ("2.31e-7"), counts as they are. */
export function metricText(value: number | null): string {
  return value === null ? '—' : Number.isInteger(value) ? String(value) : formatNumber(value);
}

export interface RankForMe {
  rank: number | null;
  of: number;
  top: number;
  behindTop: number | null;
  optedOut: boolean;
}

/** "You are 12th of 84; 3 points from the top 10." and its variants. */
export function rankForMeText(me: RankForMe): string {
  const hidden = me.optedOut ? ' Only you see your place: you left this leaderboard.' : '';
  if (me.rank === null) return `You are not on this leaderboard yet: a learner appears once something they submitted is graded.${hidden}`;
  const place = `You are ${ordinal(me.rank)} of ${me.of}`;
  if (me.behindTop === null) return `${place}${me.rank <= me.top && me.of > me.top ? `, in the top ${me.top}` : ''}.${hidden}`;
  if (me.behindTop === 0) return `${place}; level on points with ${ordinal(me.top)} place, who got there first.${hidden}`;
  const points = boardPoints(me.behindTop);
  return `${place}; ${points} point${points === '1' ? '' : 's'} from the top ${me.top}.${hidden}`;
}

/** What a student reads instead of a board the instructors hid (the page and the API alike). */
export function hiddenBoardMessage(courseTitle: string): string {
  return `The leaderboard of "${courseTitle}" is hidden by the instructor.`;
}
