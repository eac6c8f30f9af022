import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/server/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tying Lab', template: '%s · Tying Lab' },
  description: 'Learn parameter tying (weight sharing) in TensorFlow.js, graded in a sandbox.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="brand" aria-label="Tying Lab — exercises">
              <span className="brand__mark" aria-hidden="true">
                ⋈
              </span>
              Tying Lab
            </Link>
            <nav aria-label="Main" className="site-nav">
              <Link href="/">Exercises</Link>
              {user && <Link href="/progress">My progress</Link>}
              {user && <Link href="/courses">My courses</Link>}
            </nav>
            <div className="site-user">
              {user ? (
                <>
                  <span className="site-user__name" data-testid="user-name">
                    {user.displayName}
                  </span>
                  <form action="/api/auth/signout" method="post">
                    <button type="submit" className="button button--quiet">
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <Link href="/signin" className="button button--quiet">
                    Sign in
                  </Link>
                  <Link href="/signup" className="button button--quiet">
                    Create account
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main" className="site-main">
          {children}
        </main>
      </body>
    </html>
  );
}
