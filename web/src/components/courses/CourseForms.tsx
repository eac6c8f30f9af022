'use client';
// The course forms and buttons: join, create, and the instructor's management actions. Each posts
// JSON to the API (which decides who may do what) and shows the API's message when refused.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { callApi } from '@/lib/api-client';

function ErrorLine({ message, testId }: { message: string | null; testId?: string }) {
  return message ? (
    <p className="alert alert--error" role="alert" data-testid={testId}>
      {message}
    </p>
  ) : null;
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
}

export function JoinCourseForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi<{ slug: string }>('/api/courses/join', 'POST', { joinCode: field(new FormData(e.currentTarget), 'joinCode') });
    if (res.ok) {
      window.location.assign(`/courses/${res.body.slug}`);
      return;
    }
    setError(res.message);
    setBusy(false);
  }
  return (
    <form className="form form--inline" onSubmit={(e) => void onSubmit(e)} aria-label="Join a course">
      <div className="field">
        <label htmlFor="joinCode">Join code</label>
        <input id="joinCode" name="joinCode" required maxLength={40} placeholder="e.g. K7QF-M2XR" autoComplete="off" />
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Joining…' : 'Join course'}
      </button>
      <ErrorLine message={error} testId="join-error" />
    </form>
  );
}

export function CreateCourseForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const description = field(form, 'description');
    const res = await callApi<{ slug: string }>('/api/courses', 'POST', {
      title: field(form, 'title'),
      slug: field(form, 'slug'),
      ...(description ? { description } : {}),
    });
    if (res.ok) {
      window.location.assign(`/courses/${res.body.slug}`);
      return;
    }
    setError(res.message);
    setBusy(false);
  }
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} aria-label="Create a course">
      <div className="field">
        <label htmlFor="course-title">Title</label>
        <input id="course-title" name="title" required maxLength={120} />
      </div>
      <div className="field">
        <label htmlFor="course-slug">Address</label>
        <input id="course-slug" name="slug" required minLength={3} maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="deep-learning-2026" />
        <span className="muted small">Lowercase letters, digits and dashes: the course lives at /courses/&lt;address&gt;.</span>
      </div>
      <div className="field">
        <label htmlFor="course-description">Description (optional)</label>
        <textarea id="course-description" name="description" maxLength={2000} rows={3} />
      </div>
      <ErrorLine message={error} testId="create-course-error" />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create course'}
      </button>
    </form>
  );
}

/** A button that runs one API call after an optional confirmation, then refreshes (or leaves) the page. */
function ActionButton(props: {
  label: string;
  busyLabel: string;
  url: string;
  method: 'POST' | 'DELETE';
  body?: unknown;
  confirm?: string;
  after?: string;
  danger?: boolean;
  testId?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    if (props.confirm && !window.confirm(props.confirm)) return;
    setBusy(true);
    setError(null);
    const res = await callApi(props.url, props.method, props.body);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    if (props.after) window.location.assign(props.after);
    else router.refresh();
  }
  return (
    <span className="action">
      <button type="button" className={`button button--small${props.danger ? ' button--danger' : ''}`} onClick={() => void run()} disabled={busy} data-testid={props.testId}>
        {busy ? props.busyLabel : props.label}
      </button>
      <ErrorLine message={error} />
    </span>
  );
}

export function RotateJoinCodeButton({ slug }: { slug: string }) {
  return (
    <ActionButton
      label="New join code"
      busyLabel="Replacing…"
      url={`/api/courses/${slug}/join-code`}
      method="POST"
      confirm="Replace the join code? The current code stops working at once; members stay."
      testId="rotate-join-code"
    />
  );
}

export function DeleteCourseButton({ slug, title }: { slug: string; title: string }) {
  return (
    <ActionButton
      label="Delete course"
      busyLabel="Deleting…"
      url={`/api/courses/${slug}`}
      method="DELETE"
      confirm={`Delete “${title}” with its assignments and enrolments? Submissions stay with their authors. This cannot be undone.`}
      after="/courses"
      danger
    />
  );
}

export function RemoveMemberButton({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  return (
    <ActionButton
      label="Remove"
      busyLabel="Removing…"
      url={`/api/courses/${slug}/members/${userId}`}
      method="DELETE"
      confirm={`Remove ${name} from the course? Their submissions stay theirs.`}
    />
  );
}

export function ResetLinkButton({ slug, userId }: { slug: string; userId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    const res = await callApi<{ path: string; expiresAt: string }>(`/api/courses/${slug}/members/${userId}/password-reset`, 'POST');
    setBusy(false);
    if (res.ok) setLink({ url: new URL(res.body.path, window.location.origin).toString(), expiresAt: res.body.expiresAt });
    else setError(res.message);
  }
  return (
    <span className="action">
      <button type="button" className="button button--small" onClick={() => void run()} disabled={busy}>
        {busy ? 'Making link…' : 'Password-reset link'}
      </button>
      {link && (
        <span className="reset-link" data-testid="reset-link">
          <input readOnly value={link.url} aria-label="One-time password-reset link" onFocus={(e) => e.currentTarget.select()} />
          <span className="muted small">Works once, until {new Date(link.expiresAt).toLocaleString()}. Give it to the student only.</span>
        </span>
      )}
      <ErrorLine message={error} />
    </span>
  );
}

export function AddMemberForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    const res = await callApi(`/api/courses/${slug}/members`, 'POST', { email: field(form, 'email'), role: field(form, 'role') });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    formEl.reset();
    router.refresh();
  }
  return (
    <form className="form form--inline" onSubmit={(e) => void onSubmit(e)} aria-label="Add a member">
      <div className="field">
        <label htmlFor="member-email">Email</label>
        <input id="member-email" name="email" type="email" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor="member-role">Course role</label>
        <select id="member-role" name="role" defaultValue="TA">
          <option value="TA">Teaching assistant</option>
          <option value="INSTRUCTOR">Co-instructor</option>
          <option value="STUDENT">Student</option>
        </select>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Add or change role'}
      </button>
      <ErrorLine message={error} testId="member-error" />
    </form>
  );
}

/** A datetime-local value (the reader's own zone) as an instant, or undefined when empty. */
function instant(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

function optionalNumber(value: string): number | undefined {
  return value === '' ? undefined : Number(value);
}

export function CreateAssignmentForm({ slug, exercises }: { slug: string; exercises: { slug: string; title: string }[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const penaltyPercent = optionalNumber(field(form, 'penaltyPercent'));
    const cutoffAt = instant(field(form, 'cutoffAt'));
    if ((penaltyPercent === undefined) !== (cutoffAt === undefined)) {
      setError('A late policy needs both a penalty per day and a cut-off; leave both empty for no late work.');
      return;
    }
    const gapMinutes = optionalNumber(field(form, 'gapMinutes'));
    setBusy(true);
    setError(null);
    const res = await callApi<{ id: string }>(`/api/courses/${slug}/assignments`, 'POST', {
      exerciseSlug: field(form, 'exerciseSlug'),
      opensAt: instant(field(form, 'opensAt')),
      dueAt: instant(field(form, 'dueAt')),
      latePolicy: penaltyPercent !== undefined && cutoffAt ? { penaltyPerDay: penaltyPercent / 100, cutoffAt } : undefined,
      maxSubmissions: optionalNumber(field(form, 'maxSubmissions')),
      minSecondsBetween: gapMinutes === undefined ? undefined : Math.round(gapMinutes * 60),
    });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    formEl.reset();
    router.refresh();
  }
  const row = (children: ReactNode) => <div className="form__row">{children}</div>;
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} aria-label="Create an assignment">
      <div className="field">
        <label htmlFor="a-exercise">Exercise</label>
        <select id="a-exercise" name="exerciseSlug" required>
          {exercises.map((x) => (
            <option key={x.slug} value={x.slug}>
              {x.title}
            </option>
          ))}
        </select>
      </div>
      {row(
        <>
          <div className="field">
            <label htmlFor="a-opens">Opens (optional)</label>
            <input id="a-opens" name="opensAt" type="datetime-local" />
          </div>
          <div className="field">
            <label htmlFor="a-due">Due (optional)</label>
            <input id="a-due" name="dueAt" type="datetime-local" />
          </div>
        </>,
      )}
      {row(
        <>
          <div className="field">
            <label htmlFor="a-penalty">Late penalty, % per day (optional)</label>
            <input id="a-penalty" name="penaltyPercent" type="number" min={0.1} max={100} step="any" />
          </div>
          <div className="field">
            <label htmlFor="a-cutoff">Late work accepted until</label>
            <input id="a-cutoff" name="cutoffAt" type="datetime-local" />
          </div>
        </>,
      )}
      {row(
        <>
          <div className="field">
            <label htmlFor="a-max">Submission cap (optional)</label>
            <input id="a-max" name="maxSubmissions" type="number" min={1} max={1000} step={1} />
          </div>
          <div className="field">
            <label htmlFor="a-gap">Minutes between submissions (optional)</label>
            <input id="a-gap" name="gapMinutes" type="number" min={0} max={10080} step="any" />
          </div>
        </>,
      )}
      <p className="muted small">Times are in your time zone. Submissions that could not be graded, or failed on our side, never use up an attempt.</p>
      <ErrorLine message={error} testId="assignment-error" />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create assignment'}
      </button>
    </form>
  );
}

/** Regrades one submission (submissionId) or every finished one of the assignment, behind live submissions. */
export function RegradeButton({ slug, assignmentId, submissionId }: { slug: string; assignmentId: string; submissionId?: string }) {
  return (
    <ActionButton
      label={submissionId ? 'Regrade' : 'Regrade all'}
      busyLabel="Queueing…"
      url={`/api/courses/${slug}/assignments/${assignmentId}/regrade`}
      method="POST"
      body={submissionId ? { submissionId } : {}}
      confirm={
        submissionId
          ? undefined
          : 'Grade every finished submission of this assignment again, against the current version of the exercise? Old scores are kept next to the new ones; live submissions go first.'
      }
      testId={submissionId ? undefined : 'regrade-all'}
    />
  );
}
