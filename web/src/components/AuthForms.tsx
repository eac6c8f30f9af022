'use client';
// Sign-up and password-reset forms. They post JSON to the API and show its message when refused;
// on success the browser moves on (a full navigation, so the header sees the new session).
import { useEffect, useState, type FormEvent } from 'react';
import { callApi } from '@/lib/api-client';

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return { busy, setBusy, error, setError };
}

export function SignUpForm({ next, displayNameMax, passwordMin }: { next: string; displayNameMax: number; passwordMin: number }) {
  const { busy, setBusy, error, setError } = useSubmit();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await callApi('/api/auth/signup', 'POST', {
      email: String(form.get('email') ?? ''),
      displayName: String(form.get('displayName') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (res.ok) {
      window.location.assign(next);
      return;
    }
    setError(res.message);
    setBusy(false);
  }
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)}>
      {error && (
        <p className="alert alert--error" role="alert" data-testid="signup-error">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="displayName">Your name</label>
        <input id="displayName" name="displayName" autoComplete="name" required maxLength={displayNameMax} />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={passwordMin} maxLength={200} />
        <span className="muted small">At least {passwordMin} characters.</span>
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}

export function ResetPasswordForm({ passwordMin }: { passwordMin: number }) {
  const { busy, setBusy, error, setError } = useSubmit();
  const [token, setToken] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    // The token rides in the fragment, which never leaves the browser; take it out of the address bar.
    const match = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
    setToken(match?.[1] ?? '');
    if (match) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    const res = await callApi<{ email: string }>('/api/auth/reset-password', 'POST', { token, password });
    setBusy(false);
    if (res.ok) setDone(res.body.email);
    else setError(res.message);
  }

  if (done) {
    return (
      <p className="alert alert--info" role="status" data-testid="reset-done">
        Your password is changed. <a href={`/signin`}>Sign in</a> as {done} with the new one.
      </p>
    );
  }
  if (token === '') {
    return (
      <p className="alert alert--error" role="alert">
        This page needs the whole link your instructor gave you (it ends with <code>#token=…</code>).
      </p>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)}>
      {error && (
        <p className="alert alert--error" role="alert" data-testid="reset-error">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="password">New password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={passwordMin} maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="confirm">New password, again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={passwordMin} maxLength={200} />
      </div>
      <button type="submit" className="button button--primary" disabled={busy || token === null}>
        {busy ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}
