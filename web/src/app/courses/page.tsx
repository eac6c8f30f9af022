import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateCourseForm, JoinCourseForm } from '@/components/courses/CourseForms';
import { courses } from '@/server/data';
import { requirePageUser } from '@/server/session';
import './courses.css';

export const metadata: Metadata = { title: 'My courses' };
export const dynamic = 'force-dynamic';

const STANDING_LABELS = { STUDENT: 'Student', TA: 'Teaching assistant', INSTRUCTOR: 'Instructor', ADMIN: 'Administrator' } as const;

export default async function CoursesPage() {
  const user = await requirePageUser('/courses');
  const mine = await courses.listMine(user);
  const mayCreate = user.role === 'INSTRUCTOR' || user.role === 'ADMIN';
  return (
    <div className="page courses">
      <div className="page__intro">
        <h1>My courses</h1>
      </div>
      {mine.length === 0 ? (
        <p className="empty">You are not in any course yet. Join one with the code your instructor gave you.</p>
      ) : (
        <ul className="course-list" aria-label="Your courses">
          {mine.map((c) => (
            <li key={c.slug} className="card course-card" data-testid="course-card" data-course-slug={c.slug}>
              <h2>
                <Link href={`/courses/${c.slug}`}>{c.title}</Link>
              </h2>
              <span className="state-pill">{STANDING_LABELS[c.standing]}</span>
              {c.description && <p className="muted">{c.description}</p>}
            </li>
          ))}
        </ul>
      )}
      <section className="card course-section" aria-labelledby="join-title">
        <h2 id="join-title">Join a course</h2>
        <JoinCourseForm />
      </section>
      {mayCreate ? (
        <section className="card course-section" aria-labelledby="create-title">
          <h2 id="create-title">Create a course</h2>
          <CreateCourseForm />
        </section>
      ) : (
        <p className="muted small">Teaching? An administrator can give your account the instructor role, which lets you create courses.</p>
      )}
    </div>
  );
}
