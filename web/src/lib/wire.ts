// JSON shapes the browser receives from the API and from server components (dates as ISO strings).
// Client components import these types only; they never import the database package.

export const SUBMISSION_STATUSES = ['QUEUED', 'RUNNING', 'GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly SubmissionStatus[] = ['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR'];

export function isTerminalStatus(status: string): status is 'GRADED' | 'NOT_GRADABLE' | 'INTERNAL_ERROR' {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export type Difficulty = 'intro' | 'core' | 'advanced';

export interface ExerciseSummaryJson {
  slug: string;
  title: string;
  summary: string;
  difficulty: string;
  concepts: string[];
  points: number;
  position: number;
}

export interface ExerciseCheckJson {
  name: string;
  title: string;
  visibility: string;
  points: number;
}

export interface CheckResultJson {
  name: string;
  title: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  message: string;
  visibility: string;
  details: Record<string, unknown> | null;
}

export interface SubmissionViewJson {
  id: string;
  exerciseSlug: string;
  status: SubmissionStatus;
  score: number | null;
  message: string | null;
  reason: string | null;
  createdAt: string;
  finishedAt: string | null;
  queuePosition: number | null;
  checks: CheckResultJson[];
}

export interface SubmissionSummaryJson {
  id: string;
  status: SubmissionStatus;
  score: number | null;
  createdAt: string;
}

export interface SubmissionDetailJson extends SubmissionViewJson {
  code: string;
}

export interface UserJson {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

export function toIsoString(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
