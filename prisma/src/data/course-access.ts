// Who may do what in a course: the one place that decides. Course roles are per course
// (Enrollment.role); the global role only decides who may create courses (INSTRUCTOR, ADMIN) and who
// sees every course without being in it (ADMIN). Every course data function asks here first.
import { getDb, type Db, type Tx } from '../client';
import { DbError } from './errors';
import type { PublicUser } from './users';

export type CourseRoleName = 'STUDENT' | 'TA' | 'INSTRUCTOR';
/** What the viewer is in a course: their enrolment role, or ADMIN (an admin, enrolled or not). */
export type CourseStanding = CourseRoleName | 'ADMIN';

/**
 * view: the course page, its assignments, one's own standing.
 * viewStaff: the roster, everyone's scores and submissions, the gradebook (TAs included).
 * manage: join code, assignments, members and their roles, password-reset links, deleting the course.
 */
export type CourseAction = 'view' | 'viewStaff' | 'manage';

const ALLOWED: Record<CourseAction, readonly CourseStanding[]> = {
  view: ['STUDENT', 'TA', 'INSTRUCTOR', 'ADMIN'],
  viewStaff: ['TA', 'INSTRUCTOR', 'ADMIN'],
  manage: ['INSTRUCTOR', 'ADMIN'],
};

const REFUSALS: Record<CourseAction, string> = {
  view: 'You are not a member of this course.',
  viewStaff: 'Only the course staff can see this.',
  manage: 'Only the course instructors can do this.',
};

export type Actor = Pick<PublicUser, 'id' | 'role'>;

export function may(standing: CourseStanding, action: CourseAction): boolean {
  return ALLOWED[action].includes(standing);
}

export interface CourseAccess {
  id: string;
  slug: string;
  title: string;
  description: string;
  joinCode: string;
  ownerId: string;
  standing: CourseStanding;
  /** Has an enrolment (admins need none to see a course, but one to submit to it). */
  enrolledAs: CourseRoleName | null;
}

/** The course as the viewer may know it, or null when it does not exist or they are not in it. */
export async function findCourseAccess(slug: string, viewer: Actor, db: Db | Tx = getDb()): Promise<CourseAccess | null> {
  const course = await db.course.findUnique({
    where: { slug },
    include: { enrollments: { where: { userId: viewer.id }, select: { role: true } } },
  });
  if (!course) return null;
  const enrolledAs = course.enrollments[0]?.role ?? null;
  const standing: CourseStanding | null = viewer.role === 'ADMIN' ? 'ADMIN' : enrolledAs;
  if (!standing) return null;
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    description: course.description,
    joinCode: course.joinCode,
    ownerId: course.ownerId,
    standing,
    enrolledAs,
  };
}

/**
 * The course if the viewer may do `action` in it. Outsiders get NOT_FOUND (a course one is not in
 * might as well not exist); members without the right get FORBIDDEN.
 */
export async function requireCourseAccess(slug: string, viewer: Actor, action: CourseAction, db: Db | Tx = getDb()): Promise<CourseAccess> {
  const access = await findCourseAccess(slug, viewer, db);
  if (!access) throw new DbError('NOT_FOUND', `There is no course "${slug}" among your courses.`);
  if (!may(access.standing, action)) throw new DbError('FORBIDDEN', REFUSALS[action]);
  return access;
}
