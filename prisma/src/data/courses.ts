// Courses: creating one (global INSTRUCTOR or ADMIN; the creator becomes its owner and first
// instructor), joining by code, rotating the code, listing one's courses, deleting one.
import crypto from 'node:crypto';
import { getDb, type Db } from '../client';
import { may, requireCourseAccess, type Actor, type CourseStanding } from './course-access';
import { DbError, isUniqueViolation } from './errors';

/** Paths under /courses that a course slug would shadow. */
export const RESERVED_COURSE_SLUGS: readonly string[] = ['join', 'new'];

// No 0/O, 1/I/L: codes are read aloud and copied from slides.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh join code like "K7QF-M2XR" (31^8 ≈ 8.5e11 possibilities). */
export function generateJoinCode(): string {
  const pick = () => Array.from({ length: 4 }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

/** Codes are compared in capitals without surrounding blanks: "tying-101 " finds "TYING-101". */
export function normaliseJoinCode(code: string): string {
  return code.trim().toUpperCase();
}

export interface CourseSummary {
  slug: string;
  title: string;
  description: string;
  standing: CourseStanding;
}

export async function createCourse(
  actor: Actor,
  input: { slug: string; title: string; description?: string },
  db: Db = getDb(),
): Promise<{ slug: string; joinCode: string }> {
  if (actor.role !== 'INSTRUCTOR' && actor.role !== 'ADMIN') {
    throw new DbError('FORBIDDEN', 'Only instructors can create courses. Ask an administrator to give your account the instructor role.');
  }
  if (RESERVED_COURSE_SLUGS.includes(input.slug)) throw new DbError('INVALID', `slug: "${input.slug}" is reserved; choose another course address.`);
  // A join code collision is astronomically rare, but a retry costs nothing.
  for (let tries = 0; ; tries++) {
    const joinCode = generateJoinCode();
    try {
      // One nested write: the course and its owner's enrolment exist together or not at all.
      return await db.course.create({
        data: {
          slug: input.slug,
          title: input.title,
          description: input.description ?? '',
          joinCode,
          ownerId: actor.id,
          enrollments: { create: { userId: actor.id, role: 'INSTRUCTOR' } },
        },
        select: { slug: true, joinCode: true },
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (await db.course.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
        throw new DbError('CONFLICT', `A course with the address "${input.slug}" already exists; choose another.`);
      }
      if (tries >= 3) throw err;
    }
  }
}

/** The courses the actor is in (an admin: every course), newest first. */
export async function listCoursesForUser(actor: Actor, db: Db = getDb()): Promise<CourseSummary[]> {
  const rows = await db.course.findMany({
    where: actor.role === 'ADMIN' ? {} : { enrollments: { some: { userId: actor.id } } },
    include: { enrollments: { where: { userId: actor.id }, select: { role: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((c) => ({
    slug: c.slug,
    title: c.title,
    description: c.description,
    standing: actor.role === 'ADMIN' ? 'ADMIN' : c.enrollments[0]!.role,
  }));
}

/** Enrols the actor as a student of the course with this join code. */
export async function joinCourse(actor: Actor, joinCode: string, db: Db = getDb()): Promise<{ slug: string; title: string }> {
  const code = normaliseJoinCode(joinCode);
  const course = await db.course.findUnique({ where: { joinCode: code }, select: { id: true, slug: true, title: true } });
  if (!course) {
    throw new DbError('NOT_FOUND', `No course has the join code "${code}". Check it with your instructor: codes stop working when they are replaced.`);
  }
  const already = () => new DbError('CONFLICT', `You are already in "${course.title}".`);
  if (await db.enrollment.findUnique({ where: { courseId_userId: { courseId: course.id, userId: actor.id } }, select: { id: true } })) throw already();
  try {
    await db.enrollment.create({ data: { courseId: course.id, userId: actor.id, role: 'STUDENT' } });
  } catch (err) {
    if (isUniqueViolation(err)) throw already();
    throw err;
  }
  return { slug: course.slug, title: course.title };
}

/** Replaces the join code; the old one stops working at once (members stay). */
export async function rotateJoinCode(actor: Actor, courseSlug: string, db: Db = getDb()): Promise<{ joinCode: string }> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  for (let tries = 0; ; tries++) {
    try {
      return await db.course.update({ where: { id: course.id }, data: { joinCode: generateJoinCode() }, select: { joinCode: true } });
    } catch (err) {
      if (!isUniqueViolation(err) || tries >= 3) throw err;
    }
  }
}

/** Deletes the course, its enrolments and assignments; submissions stay with their authors, detached. */
export async function deleteCourse(actor: Actor, courseSlug: string, db: Db = getDb()): Promise<void> {
  const course = await requireCourseAccess(courseSlug, actor, 'manage', db);
  await db.course.delete({ where: { id: course.id } });
}

export interface CourseOverview {
  slug: string;
  title: string;
  description: string;
  standing: CourseStanding;
  canViewStaff: boolean;
  canManage: boolean;
  /** Staff only: students join with it. */
  joinCode: string | null;
  /** Can submit to the course's assignments (admins who are not enrolled cannot). */
  enrolled: boolean;
}

export async function getCourseOverview(actor: Actor, courseSlug: string, db: Db = getDb()): Promise<CourseOverview> {
  const c = await requireCourseAccess(courseSlug, actor, 'view', db);
  const canViewStaff = may(c.standing, 'viewStaff');
  return {
    slug: c.slug,
    title: c.title,
    description: c.description,
    standing: c.standing,
    canViewStaff,
    canManage: may(c.standing, 'manage'),
    joinCode: canViewStaff ? c.joinCode : null,
    enrolled: c.enrolledAs !== null,
  };
}
