import crypto from 'node:crypto';
import { getDb, type Db } from '../client';
import type { PublicUser } from './users';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Opens a session; only the token's hash is stored. */
export async function createSession(userId: string, db: Db = getDb()): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
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
