import { getDb, type Db } from '../client';
import { hashToken, newToken } from './tokens';
import type { PublicUser } from './users';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

/**
 * Opens a session; only the token's hash is stored. Expired sessions (anyone's) are deleted at the
 * same moment: sign-in is the one place sessions are made, so the table cannot grow without bound.
 */
export async function createSession(userId: string, db: Db = getDb()): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await deleteExpiredSessions(new Date(), db);
  await db.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
}

/** Deletes every session that expired at or before `now`; returns how many. */
export async function deleteExpiredSessions(now: Date = new Date(), db: Db = getDb()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

export async function getUserBySessionToken(token: string, db: Db = getDb()): Promise<PublicUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, displayName: true, role: true } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return session.user;
}

export async function deleteSession(token: string, db: Db = getDb()): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
