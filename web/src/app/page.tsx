import Link from 'next/link';
import { Catalogue } from '@/components/Catalogue';
import { firstExercise, parseCatalogueQuery } from '@/lib/catalogue-filter';
import { catalogue, progressFor } from '@/server/data';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const [exercises, user, params] = await Promise.all([catalogue(), currentUser(), searchParams]);
  const progress = user ? Object.fromEntries((await progressFor(user)).map((p) => [p.exerciseSlug, p] as const)) : undefined;
  const start = firstExercise(exercises);
  // Newcomers (visitors, and learners who have not submitted yet) get the short introduction first.
  const newcomer = !progress || Object.keys(progress).length === 0;
  return (
    <div className="page">
      <div className="page__intro">
        <h1>Exercises</h1>
        <p className="lead">
          Implement parameter tying in TensorFlow.js: share one set of weights across positions, rotations, time steps or
          the two towers of a Siamese network, then let the grader check parameter counts, equivariance, gradients and
          training behaviour against a reference.
        </p>
      </div>
      {newcomer && <Introduction start={start ? { slug: start.slug, title: start.title } : null} signedIn={Boolean(user)} />}
      <Catalogue exercises={exercises} initialQuery={parseCatalogueQuery(params)} progress={progress} />
    </div>
  );
}

function Introduction({ start, signedIn }: { start: { slug: string; title: string } | null; signedIn: boolean }) {
  return (
    <section className="intro-grid" aria-labelledby="intro-title" data-testid="introduction">
      <h2 id="intro-title" className="visually-hidden">
        New here?
      </h2>
      <div className="card intro-card">
        <h3>What is parameter tying?</h3>
        <p>
          Using <em>one</em> set of weights in several places of a model: a convolution applies the same kernel at every
          position, an RNN the same transition at every time step, a Siamese network the same tower to both inputs. Fewer
          parameters, and a built-in assumption (say, &ldquo;a cat is a cat wherever it is in the image&rdquo;).
        </p>
      </div>
      <div className="card intro-card">
        <h3>Where to start</h3>
        <p>
          {start ? (
            <>
              With <Link href={`/exercises/${start.slug}`}>{start.title}</Link>, then follow the list in order: each exercise
              builds on the ones before it.
            </>
          ) : (
            'With the first exercise of the list below; each builds on the ones before it.'
          )}{' '}
          Statements can be read without an account; {signedIn ? 'your code is saved as you type.' : <><Link href="/signup">create an account</Link> to submit code.</>}
        </p>
      </div>
      <div className="card intro-card">
        <h3>What is a check?</h3>
        <p>
          A test the grader runs on your code: a parameter count, an output compared with a reference, equivariance,
          gradients, training. <strong>Visible</strong> checks also run in your browser in a moment, ungraded;{' '}
          <strong>hidden</strong> ones run only when you submit, on fresh inputs, and decide your score with the visible ones.
        </p>
      </div>
    </section>
  );
}
