import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/AuthForms';
import { PASSWORD_MIN } from '@/server/validation';

export const metadata: Metadata = { title: 'Set a new password', referrer: 'no-referrer' };
// Rendered per request, so the page's scripts carry this request's CSP nonce (src/proxy.ts).
export const dynamic = 'force-dynamic';

// The one-time token is in the link's fragment (#token=…): read by the form in the browser, never sent
// to this server except in the POST that spends it.
export default function ResetPasswordPage() {
  return (
    <div className="auth">
      <section className="card auth__card" aria-labelledby="reset-title">
        <h1 id="reset-title">Set a new password</h1>
        <p className="muted">This link works once. Setting a password signs you out everywhere else.</p>
        <ResetPasswordForm passwordMin={PASSWORD_MIN} />
      </section>
    </div>
  );
}
