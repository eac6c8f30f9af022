// An exercise as the learner works on it: statement on the left, editor, results and history on the
// right. The exercise page and a course assignment's page both render this (the latter with its
// banner, and with submissions counting for the assignment).
import type { ReactNode } from 'react';
import type { SubmissionViewJson } from '@/lib/wire';
import { submissionHistory, submissionWithCodeForViewer, type ExerciseDetailJson, type PublicUser } from '@/server/data';
import { ExerciseStatement } from './ExerciseStatement';
import { Workspace } from './Workspace';

export async function ExerciseLayout({ user, exercise, banner, assignmentId }: { user: PublicUser; exercise: ExerciseDetailJson; banner?: ReactNode; assignmentId?: string }) {
  const history = await submissionHistory(user, exercise.slug);
  // The editor reopens on the learner's last submission; the starter only on a first visit.
  const last = history[0] ? await submissionWithCodeForViewer(history[0].id, user) : null;
  let initialCode = exercise.starter;
  let initialSubmission: SubmissionViewJson | null = null;
  if (last) {
    const { code, ...view } = last;
    initialCode = code;
    initialSubmission = view;
  }
  return (
    <div className="exercise">
      <ExerciseStatement exercise={exercise} banner={banner} />
      <Workspace
        exerciseSlug={exercise.slug}
        contentHash={exercise.contentHash}
        timeLimitMs={exercise.limits?.timeMs ?? 10_000}
        visibleChecks={exercise.checks.filter((c) => c.visibility === 'visible').length}
        hiddenChecks={exercise.checks.filter((c) => c.visibility === 'hidden').length}
        starter={exercise.starter}
        initialCode={initialCode}
        initialHistory={history}
        initialSubmission={initialSubmission}
        assignmentId={assignmentId}
      />
    </div>
  );
}
