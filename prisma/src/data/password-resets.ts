// One-time password-reset links. There is no mail: an instructor (for a student of their course) or an
// admin issues a link and hands it over. The link's token is stored hashed, expires, works once, and
// issuing a new one voids the older ones. Using it signs the account out everywhere.
import { getDb, type Db } from '../client';
import { requireCourseAccess, type Actor } from './course-access';
import { DbError } from './errors';
import { hashPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export const PASSWORD_RESET_TTL_MS = 24 * 3600 * 1000;

export interface IssuedPasswordReset {
  /** Goes into the link; never stored. */
  token: string;
  expiresAt: string;
  user: { id: string; displayName: string; email: string };
}

/** A reset link for a student of a course the actor manages. */
export async function issuePasswordReset(
  actor: Actor,
  input: { courseSlug: string; userId: string },
  db: Db = getDb(),
  now = new Date(),
): Promise<IssuedPasswordReset> {
  const course = await requireCourseAccess(input.courseSlug, actor, 'manage', db);
  const enrolment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: course.id, userId: input.userId } },
    include: { user: { select: { id: true, displayName: true, email: true, role: true } } },
  });
  if (!enrolment || enrolment.role !== 'STUDENT') throw new DbError('NOT_FOUND', 'That person is not a student of this course.');
  // Otherwise an instructor could take over a staff or admin account that joined their course as a student.
  if (enrolment.user.role !== 'STUDENT' && actor.role !== 'ADMIN') {
    throw new DbError('FORBIDDEN', 'Only an administrator can reset the password of an instructor or administrator account.');
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  await db.$transaction([
    db.passwordReset.deleteMany({ where: { userId: input.userId, usedAt: null } }),
    db.passwordReset.create({ data: { tokenHash: hashToken(token), userId: input.userId, issuedById: actor.id, expiresAt } }),
  ]);
  const { role: _role, ...user } = enrolment.user;
  return { token, expiresAt: expiresAt.toISOString(), user };
}

/** Sets a new password with a reset link's token; the token is then spent and every session ends. */
export async function resetPasswordWithToken(token: string, newPassword: string, db: Db = getDb(), now = new Date()): Promise<{ email: string }> {
  const invalid = () => new DbError('NOT_FOUND', 'This reset link is invalid, has expired or was already used. Ask your instructor for a new one.');
  if (!token || token.length > 200) throw invalid();
  const tokenHash = hashToken(token);
  // Hash first: scrypt is slow and must not run inside a transaction that holds the write lock.
  const passwordHash = await hashPassword(newPassword);
  // A refusal is returned from the transaction, not thrown, so it commits (having written nothing)
  // rather than rolling back the SQLite connection other requests share (see create-submission.ts).
  const result = await db.$transaction(async (tx) => {
    // Spending the token is the conditional write: of two concurrent uses only one gets count 1.
    const spent = await tx.passwordReset.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) return null;
    const reset = await tx.passwordReset.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
    const user = await tx.user.update({ where: { id: reset.userId }, data: { passwordHash }, select: { email: true } });
    await tx.session.deleteMany({ where: { userId: reset.userId } });
    return { email: user.email };
  });
  if (!result) throw invalid();
  return result;
}
