import Link from 'next/link';
import { Catalogue } from '@/components/Catalogue';
import { catalogue } from '@/server/data';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const [exercises, user] = await Promise.all([catalogue(), currentUser()]);
  return (
    <div className="page">
      <div className="page__intro">
        <h1>Exercises</h1>
        <p className="lead">
          Implement parameter tying in TensorFlow.js: share one set of weights across positions, rotations, time steps or
          the two towers of a Siamese network, then let the grader check parameter counts, equivariance, gradients and
          training behaviour against a reference.
        </p>
        {!user && (
          <p className="alert alert--info">
            <Link href="/signin">Sign in</Link> to open an exercise and submit your code.
          </p>
        )}
      </div>
      <Catalogue exercises={exercises} />
    </div>
  );
}
