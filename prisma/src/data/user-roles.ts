// The global role: STUDENT (everyone who signs up), INSTRUCTOR (may create courses), ADMIN (sees every
// course, grants roles). Only an admin changes it on the site; the first admin is made on the server
// with the CLI (`npm run db:set-role -w @tyinglab/db -- <email> ADMIN`).
import { getDb, type Db } from '../client';
import type { Actor } from './course-access';
import { DbError } from './errors';
import { normaliseEmail, type PublicUser, type UserRole } from './users';

/** No permission check: for the CLI, which runs with the server's own rights. */
export async function assignUserRole(email: string, role: UserRole, db: Db = getDb()): Promise<PublicUser> {
  const user = await db.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
  if (!user) throw new DbError('NOT_FOUND', `No account uses ${normaliseEmail(email)}.`);
  return db.user.update({ where: { id: user.id }, data: { role }, select: { id: true, email: true, displayName: true, role: true } });
}

/** An admin changes someone's global role (not their own: the last admin cannot lock everyone out). */
export async function setUserRole(actor: Actor, email: string, role: UserRole, db: Db = getDb()): Promise<PublicUser> {
  if (actor.role !== 'ADMIN') throw new DbError('FORBIDDEN', 'Only an administrator can change account roles.');
  const target = await db.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
  if (target?.id === actor.id) throw new DbError('FORBIDDEN', 'Administrators cannot change their own role.');
  return assignUserRole(email, role, db);
}
