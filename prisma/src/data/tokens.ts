// Bearer tokens handed to a browser (session cookies, password-reset links): random, and stored only
// as their SHA-256 so a leaked database holds nothing usable.
import crypto from 'node:crypto';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
