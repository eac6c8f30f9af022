import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { safeNextPath } from '@/lib/safe-next';
import { tooManySignInsMessage } from '@/lib/sign-in-messages';
import { currentUser } from '@/server/session';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await currentUser()) redirect(next);
  const failed = first(params.error) === 'invalid';
  // Sent back here by a throttled form post; `retry` is the Retry-After the API computed (clamped:
  // it is only display text, but a URL can say anything).
  const retry = Number(first(params.retry));
  const throttled = first(params.error) === 'throttled' ? (Number.isFinite(retry) ? Math.min(Math.max(retry, 1), 3600) : 60) : null;

  return (
    <div className="auth">
      <section className="card auth__card" aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Sign in to write, submit and track your parameter-tying exercises.</p>
        {failed && (
          <p className="alert alert--error" role="alert" data-testid="signin-error">
            Email or password is incorrect.
          </p>
        )}
        {throttled !== null && (
          <p className="alert alert--error" role="alert" data-testid="signin-error">
            {tooManySignInsMessage(throttled)}
          </p>
        )}
        <form action="/api/auth/signin" method="post" className="form">
          <input type="hidden" name="next" value={next} />
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <button type="submit" className="button button--primary">
            Sign in
          </button>
        </form>
        <p className="muted small">
          New here? <Link href={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>.
        </p>
        <aside className="demo-hint" aria-label="Demo accounts">
          <h2>Demo accounts</h2>
          <dl>
            <dt>Student</dt>
            <dd>
              <code>student@tyinglab.dev</code> / <code>student-demo-password</code>
            </dd>
            <dt>Instructor</dt>
            <dd>
              <code>instructor@tyinglab.dev</code> / <code>instructor-demo-password</code>
            </dd>
          </dl>
        </aside>
      </section>
    </div>
  );
}
