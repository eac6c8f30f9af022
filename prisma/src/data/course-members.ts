// A course's members: the roster (staff), adding or re-roling someone by email (instructors), and
// removing someone (instructors). The owner always stays an instructor of their course.
import { getDb, type Db } from '../client';
import { requireCourseAccess, type Actor, type CourseRoleName } from './course-access';
import { DbError } from './errors';
import { normaliseEmail } from './users';

export interface RosterEntry {
  userId: string;
  displayName: string;
  email: string;
  role: CourseRoleName;
  joinedAt: string;
  isOwner: boolean;
}

const ROLE_ORDER: Record<CourseRoleName, number> = { INSTRUCTOR: 0, TA: 1, STUDENT: 2 };

/** Staff first, then students, each by name. */
export async function listRoster(actor: Actor, courseSlug: string, db: Db = getDb()): Promise<RosterEntry[]> {
  const course = await requireCourseAccess(courseSlug, actor, 'viewStaff', db);
  const rows = await db.enrollment.findMany({
    where: { courseId: course.id },
    include: { user: { select: { displayName: true, email: true } } },
  });
  return rows
    .map((r) => ({
      userId: r.userId,
      displayName: r.user.displayName,
      email: r.user.email,
      role: r.role,
      joinedAt: r.createdAt.toISOString(),
      isOwner: r.userId === course.ownerId,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.displayName.localeCompare(b.displayName) || a.email.localeCompare(b.email));
}

/**
 * Gives the account with this email the role in the course, enrolling it if needed: how a
 * co-instructor or TA is added, or someone's course role changed.
 */
export async function setCourseMemberRole(
  actor: Actor,
  courseSlug: string,
  input: { email: string; role: CourseRoleName },
  db: Db = getDb(),
): Promise<RosterEntry> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  const email = normaliseEmail(input.email);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, displayName: true, email: true } });
  if (!user) throw new DbError('NOT_FOUND', `No account uses ${email}. Ask them to sign up first, then add them.`);
  if (user.id === course.ownerId && input.role !== 'INSTRUCTOR') throw new DbError('FORBIDDEN', 'The course owner stays an instructor of the course.');
  const row = await db.enrollment.upsert({
    where: { courseId_userId: { courseId: course.id, userId: user.id } },
    create: { courseId: course.id, userId: user.id, role: input.role },
    update: { role: input.role },
  });
  // Only students are ranked: the course's leaderboards change with a role (data/leaderboard.ts).
  await db.course.update({ where: { id: course.id }, data: { leaderboardRevision: { increment: 1 } } });
  return { userId: user.id, displayName: user.displayName, email: user.email, role: row.role, joinedAt: row.createdAt.toISOString(), isOwner: user.id === course.ownerId };
}

/** Removes a member (their submissions stay theirs). */
export async function removeCourseMember(actor: Actor, courseSlug: string, userId: string, db: Db = getDb()): Promise<void> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  if (userId === course.ownerId) throw new DbError('FORBIDDEN', 'The course owner cannot be removed from their course.');
  const removed = await db.enrollment.deleteMany({ where: { courseId: course.id, userId } });
  if (removed.count === 0) throw new DbError('NOT_FOUND', 'That person is not a member of this course.');
  // The course's leaderboards lose them (data/leaderboard.ts).
  await db.course.update({ where: { id: course.id }, data: { leaderboardRevision: { increment: 1 } } });
}
