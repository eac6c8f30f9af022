// Demo accounts and course for a fresh installation. Idempotent: existing rows are left alone.
import { getDb, type Db } from '../client';
import { createUser, normaliseEmail } from './users';

export const DEMO_ACCOUNTS = [
  { email: 'instructor@tyinglab.dev', password: 'instructor-demo-password', displayName: 'Demo Instructor', role: 'INSTRUCTOR' as const },
  { email: 'student@tyinglab.dev', password: 'student-demo-password', displayName: 'Demo Student', role: 'STUDENT' as const },
];
export const DEMO_COURSE = { slug: 'tying-101', title: 'Parameter Tying 101', joinCode: 'TYING-101' };

export interface SeedReport {
  createdAccounts: { email: string; password: string; role: string }[];
  courseCreated: boolean;
}

export async function seedDemo(db: Db = getDb()): Promise<SeedReport> {
  const report: SeedReport = { createdAccounts: [], courseCreated: false };
  const ids: Record<string, string> = {};
  for (const a of DEMO_ACCOUNTS) {
    const found = await db.user.findUnique({ where: { email: normaliseEmail(a.email) }, select: { id: true } });
    if (found) {
      ids[a.role] = found.id;
      continue;
    }
    const u = await createUser(a, db);
    ids[a.role] = u.id;
    report.createdAccounts.push({ email: a.email, password: a.password, role: a.role });
  }
  let course = await db.course.findUnique({ where: { slug: DEMO_COURSE.slug } });
  if (!course) {
    course = await db.course.create({
      data: { ...DEMO_COURSE, description: 'A demo course covering the whole exercise set.', ownerId: ids.INSTRUCTOR! },
    });
    report.courseCreated = true;
  }
  for (const [role, userId] of [
    ['INSTRUCTOR', ids.INSTRUCTOR!],
    ['STUDENT', ids.STUDENT!],
  ] as const) {
    await db.enrollment.upsert({
      where: { courseId_userId: { courseId: course.id, userId } },
      create: { courseId: course.id, userId, role },
      update: {},
    });
  }
  return report;
}
