import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Markdown } from '@/components/Markdown';
import { Workspace } from '@/components/Workspace';
import { pointsLabel } from '@/lib/format';
import { withoutLeadingTitle } from '@/lib/statement';
import type { SubmissionViewJson } from '@/lib/wire';
import { exerciseDetail, submissionHistory, submissionWithCodeForViewer } from '@/server/data';
import { requirePageUser } from '@/server/session';
import { exerciseSlugSchema } from '@/server/validation';

export const dynamic = 'force-dynamic';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  if (!exerciseSlugSchema.safeParse(slug).success) return { title: 'Exercise not found' };
  const exercise = await exerciseDetail(slug);
  return { title: exercise?.title ?? 'Exercise not found' };
}

export default async function ExercisePage({ params }: { params: Params }) {
  const { slug } = await params;
  const user = await requirePageUser(`/exercises/${encodeURIComponent(slug)}`);
  if (!exerciseSlugSchema.safeParse(slug).success) notFound();
  const exercise = await exerciseDetail(slug);
  if (!exercise) notFound();

  const history = await submissionHistory(user, slug);
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
      <article className="exercise__statement" aria-labelledby="exercise-title">
        <header className="exercise__header">
          <h1 id="exercise-title">{exercise.title}</h1>
          <div className="exercise-card__meta">
            <span className={`badge badge--${exercise.difficulty}`}>{exercise.difficulty}</span>
            <span className="points">{pointsLabel(exercise.points)}</span>
            <ul className="tags" aria-label="Concepts">
              {exercise.concepts.map((c) => (
                <li key={c} className="tag">
                  {c}
                </li>
              ))}
            </ul>
          </div>
        </header>
        <Markdown source={withoutLeadingTitle(exercise.statement, exercise.title)} />
        {exercise.checks.length > 0 && (
          <section className="checks-info" aria-labelledby="checks-title">
            <h2 id="checks-title">How it is graded</h2>
            <ul>
              {exercise.checks.map((c) => (
                <li key={c.name}>
                  <span>{c.title}</span>
                  <span className="muted">
                    {pointsLabel(c.points)} · {c.visibility === 'hidden' ? 'hidden' : 'visible'}
                  </span>
                </li>
              ))}
            </ul>
            <p className="muted small">
              Visible checks also run in your browser: <strong>Run visible checks</strong> tries them on public inputs in a moment, without
              grading. Hidden checks run only on the grader. Submitting runs every check on fresh inputs for your score.
            </p>
            {exercise.limits && (
              <p className="muted small">
                Limits: {Math.round(exercise.limits.timeMs / 100) / 10} s, {exercise.limits.memoryMb} MB.
              </p>
            )}
          </section>
        )}
      </article>
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
      />
    </div>
  );
}
