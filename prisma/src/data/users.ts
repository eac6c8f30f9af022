import { getDb, type Db } from '../client';
import { DbError, isUniqueViolation } from './errors';
import { DUMMY_PASSWORD_HASH, hashPassword, passwordNeedsRehash, verifyPassword } from './passwords';

export type UserRole = 'STUDENT' | 'INSTRUCTOR' | 'ADMIN';

/** What the rest of the platform may know about a user (never the password hash). */
export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
}

const publicSelect = { id: true, email: true, displayName: true, role: true } as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  input: { email: string; displayName: string; password: string; role?: UserRole },
  db: Db = getDb(),
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new DbError('EMAIL_TAKEN', `A user with email ${email} already exists`);
  }
  try {
    return await db.user.create({
      data: { email, displayName: input.displayName, passwordHash: await hashPassword(input.password), role: input.role ?? 'STUDENT' },
      select: publicSelect,
    });
  } catch (err) {
    // Two sign-ups with one email at the same moment: the unique index decides, the loser is told why.
    if (isUniqueViolation(err)) throw new DbError('EMAIL_TAKEN', `A user with email ${email} already exists`);
    throw err;
  }
}

/**
 * The user when the password matches, otherwise null (same answer for unknown email and wrong password).
 * A match against a hash made with weaker parameters re-hashes the password with today's: the only
 * moment the plain password is at hand. Not throttled: sign-in goes through attemptSignIn.
 */
export async function authenticate(email: string, password: string, db: Db = getDb()): Promise<PublicUser | null> {
  const user = await db.user.findUnique({ where: { email: normaliseEmail(email) } });
  if (!user) {
    // Spend the same time as a real check so response time does not reveal which emails exist.
    await verifyPassword(password, DUMMY_PASSWORD_HASH);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (passwordNeedsRehash(user.passwordHash)) {
    // Conditional on the old hash: a password changed meanwhile is not overwritten.
    await db.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}
