import { getDb, type Db } from '../client';
import { DbError } from './errors';
import { hashPassword, verifyPassword } from './passwords';

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
  return db.user.create({
    data: { email, displayName: input.displayName, passwordHash: await hashPassword(input.password), role: input.role ?? 'STUDENT' },
    select: publicSelect,
  });
}

/** The user when the password matches, otherwise null (same answer for unknown email and wrong password). */
export async function authenticate(email: string, password: string, db: Db = getDb()): Promise<PublicUser | null> {
  const user = await db.user.findUnique({ where: { email: normaliseEmail(email) } });
  if (!user) {
    // Spend the same time as a real check so response time does not reveal which emails exist.
    await verifyPassword(password, 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}
