import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/AuthForms';
import { safeNextPath, signInPath } from '@/lib/safe-next';
import { currentUser } from '@/server/session';
import { DISPLAY_NAME_MAX, PASSWORD_MIN } from '@/server/validation';

export const metadata: Metadata = { title: 'Create an account' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(Array.isArray(params.next) ? params.next[0] : params.next, '/courses');
  if (await currentUser()) redirect(next);
  return (
    <div className="auth">
      <section className="card auth__card" aria-labelledby="signup-title">
        <h1 id="signup-title">Create an account</h1>
        <p className="muted">
          Accounts start as learners: join your course with its code, work through the exercises and submit. Instructors get their role from
          an administrator.
        </p>
        <SignUpForm next={next} displayNameMax={DISPLAY_NAME_MAX} passwordMin={PASSWORD_MIN} />
        <p className="muted small">
          Already have an account? <Link href={signInPath(next)}>Sign in</Link>.
        </p>
      </section>
    </div>
  );
}
