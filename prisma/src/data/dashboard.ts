// The instructor's view of one assignment: every student's counted score, attempts and last
// submission; a histogram of the counted scores; how often each check passes; the queue for it.
import { getDb, type Db } from '../client';
import { requireCourseAccess, type Actor } from './course-access';
import { getCountedScores, type CountedScore } from './course-score';
import { DbError } from './errors';
import { QUEUE_PRIORITY } from './queue-priority';

export interface DashboardLearner {
  userId: string;
  displayName: string;
  email: string;
  counted: CountedScore;
  /** The most recent submission, whatever its outcome. */
  last: { id: string; createdAt: string; status: string; score: number | null; previousScore: number | null; regradedAt: string | null } | null;
}

export interface AssignmentDashboard {
  assignment: { id: string; exerciseSlug: string; exerciseTitle: string; dueAt: string | null; maxSubmissions: number | null };
  learners: DashboardLearner[];
  /** Counted scores in ten bins of 10 % ([0,10), …, [90,100]); students with nothing counted apart. */
  histogram: { bins: number[]; noScore: number };
  /** Per check, over each student's latest graded submission. */
  checks: { name: string; title: string; passed: number; total: number }[];
  queue: { queued: number; running: number; regradesWaiting: number };
}

export async function getAssignmentDashboard(actor: Actor, courseSlug: string, assignmentId: string, db: Db = getDb()): Promise<AssignmentDashboard> {
  const course = await requireCourseAccess(courseSlug, actor, 'viewStaff', db);
  const a = await db.assignment.findFirst({ where: { id: assignmentId, courseId: course.id }, include: { exercise: { select: { slug: true, title: true } } } });
  if (!a) throw new DbError('NOT_FOUND', 'There is no such assignment in this course.');
  const students = await db.enrollment.findMany({ where: { courseId: course.id, role: 'STUDENT' }, include: { user: { select: { displayName: true, email: true } } } });
  const userIds = students.map((s) => s.userId);
  const [scores, submissions, pending] = await Promise.all([
    getCountedScores([a.id], userIds, db),
    db.submission.findMany({
      where: { assignmentId: a.id, userId: { in: userIds } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, userId: true, createdAt: true, status: true, score: true, previousScore: true, regradedAt: true },
    }),
    db.submission.groupBy({ by: ['status', 'priority'], where: { assignmentId: a.id, status: { in: ['QUEUED', 'RUNNING'] } }, _count: { _all: true } }),
  ]);
  const latest = new Map<string, (typeof submissions)[number]>();
  const latestGraded = new Map<string, string>();
  for (const s of submissions) {
    if (!latest.has(s.userId)) latest.set(s.userId, s);
    if (s.status === 'GRADED' && !latestGraded.has(s.userId)) latestGraded.set(s.userId, s.id);
  }
  const learners = students
    .map((s): DashboardLearner => {
      const last = latest.get(s.userId);
      return {
        userId: s.userId,
        displayName: s.user.displayName,
        email: s.user.email,
        counted: scores.get(`${a.id}:${s.userId}`)!,
        last: last
          ? { id: last.id, createdAt: last.createdAt.toISOString(), status: last.status, score: last.score, previousScore: last.previousScore, regradedAt: last.regradedAt?.toISOString() ?? null }
          : null,
      };
    })
    .sort((x, y) => x.displayName.localeCompare(y.displayName) || x.email.localeCompare(y.email));

  const bins = Array.from({ length: 10 }, () => 0);
  let noScore = 0;
  for (const l of learners) {
    if (l.counted.score === null) noScore++;
    else bins[Math.min(9, Math.floor(l.counted.score * 10))]!++;
  }

  const checkRows = await db.checkResult.findMany({
    where: { submissionId: { in: [...latestGraded.values()] } },
    orderBy: { position: 'asc' },
    select: { name: true, title: true, passed: true, position: true },
  });
  const checks = new Map<string, { name: string; title: string; passed: number; total: number; position: number }>();
  for (const c of checkRows) {
    const entry = checks.get(c.name) ?? { name: c.name, title: c.title, passed: 0, total: 0, position: c.position };
    entry.total++;
    if (c.passed) entry.passed++;
    checks.set(c.name, entry);
  }

  const count = (pred: (g: (typeof pending)[number]) => boolean) => pending.filter(pred).reduce((n, g) => n + g._count._all, 0);
  return {
    assignment: { id: a.id, exerciseSlug: a.exercise.slug, exerciseTitle: a.exercise.title, dueAt: a.dueAt?.toISOString() ?? null, maxSubmissions: a.maxSubmissions },
    learners,
    histogram: { bins, noScore },
    checks: [...checks.values()].sort((x, y) => x.position - y.position).map(({ position: _p, ...c }) => c),
    queue: {
      queued: count((g) => g.status === 'QUEUED'),
      running: count((g) => g.status === 'RUNNING'),
      regradesWaiting: count((g) => g.status === 'QUEUED' && g.priority < QUEUE_PRIORITY.live),
    },
  };
}
