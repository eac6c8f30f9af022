// Who may read a submission (its code and results): its author, the staff (TA or instructor) of the
// course whose assignment it was made for, or an admin. Nobody else, whatever their global role:
// an instructor sees only their own courses' work.
import { getDb, type Db, type Tx } from '../client';
import type { Actor } from './course-access';

export async function maySeeSubmission(viewer: Actor, row: { userId: string; assignmentId: string | null }, db: Db | Tx = getDb()): Promise<boolean> {
  if (row.userId === viewer.id || viewer.role === 'ADMIN') return true;
  if (!row.assignmentId) return false;
  const staff = await db.enrollment.findFirst({
    where: { userId: viewer.id, role: { in: ['TA', 'INSTRUCTOR'] }, course: { assignments: { some: { id: row.assignmentId } } } },
    select: { id: true },
  });
  return staff !== null;
}
