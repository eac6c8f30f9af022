// An exercise as the learner works on it: statement on the left, editor, results and history on the
// right (on a narrow screen one at a time, with a switch). The exercise page and a course
// assignment's page both render this (the latter with its banner, and with submissions counting for
// the assignment). A visitor who is not signed in reads the statement and may try the visible
// checks; submitting and saving need an account.
import type { ReactNode } from 'react';
import type { SubmissionViewJson } from '@/lib/wire';
import { draftFor, progressFor, submissionHistory, submissionWithCodeForViewer, type ExerciseDetailJson, type PublicUser } from '@/server/data';
import { ExerciseShell } from './ExerciseShell';
import { ExerciseStatement } from './ExerciseStatement';
import { Workspace } from './Workspace';

export async function ExerciseLayout({ user, exercise, banner, assignmentId }: { user: PublicUser | null; exercise: ExerciseDetailJson; banner?: ReactNode; assignmentId?: string }) {
  const [history, draft, progress] = user
    ? await Promise.all([submissionHistory(user, exercise.slug), draftFor(user, exercise.slug), progressFor(user, exercise.slug)])
    : [null, null, []];
  const lastId = history?.submissions[0]?.id;
  const last = lastId && user ? await submissionWithCodeForViewer(lastId, user) : null;
  // The editor reopens on the newer of the learner's draft and last submission; the starter only on a first visit.
  let initialCode = exercise.starter;
  let initialCodeAt: string | null = null;
  let initialSubmission: SubmissionViewJson | null = null;
  if (last) {
    const { code, ...view } = last;
    initialCode = code;
    initialCodeAt = view.createdAt;
    initialSubmission = view;
  }
  if (draft && (initialCodeAt === null || draft.updatedAt > initialCodeAt)) {
    initialCode = draft.code;
    initialCodeAt = draft.updatedAt;
  }
  return (
    <ExerciseShell
      statement={<ExerciseStatement exercise={exercise} banner={banner} progress={user ? (progress[0] ?? null) : undefined} />}
      workspace={
        <Workspace
          exerciseSlug={exercise.slug}
          contentHash={exercise.contentHash}
          timeLimitMs={exercise.limits?.timeMs ?? 10_000}
          visibleChecks={exercise.checks.filter((c) => c.visibility === 'visible').length}
          hiddenChecks={exercise.checks.filter((c) => c.visibility === 'hidden').length}
          starter={exercise.starter}
          initialCode={initialCode}
          initialCodeAt={initialCodeAt}
          lastSubmittedCode={last?.code ?? null}
          initialHistory={history}
          initialSubmission={initialSubmission}
          assignmentId={assignmentId}
        />
      }
    />
  );
}
