// Sign-in with throttling: exponential back-off per account, per client address and per
// (account, address) pair, kept in the database (SignInThrottle) so every site process shares it.
//
// Each key is a leaky bucket: every password check adds 1 to its score, which drains at
// `drainPerHour`. Once the score passes `free`, the key is locked for baseDelay·2^(k-1) (k = how far
// past `free`), at most `maxDelayMs`. While a key is locked, attempts are refused *before* the
// password is checked and are not counted: hammering a lock neither extends it nor costs a hash.
// So every lock ends at most `maxDelayMs` after the last counted failure; nothing locks for good.
//
// Why three keys: the pair stops one address guessing one account; the address stops one address
// spraying many accounts; the account stops guessing spread over many addresses. The account key's
// threshold is out of reach of any one address (its pair and address limits hold it to far fewer
// checks per hour than the account drains), so one attacker's address cannot lock the owner out
// from elsewhere; at worst it locks the pair, i.e. itself, for at most `maxDelayMs` at a time.
//
// Attempts are counted before the password is checked (and given back on success), so a burst
// of parallel requests cannot all slip through while the first ones are still hashing.
import crypto from 'node:crypto';
import { getDb, providerOfDb, type Db, type Tx } from '../client';
import { LOCK_SPACE, lockKeys, SERIALIZED_TX_OPTIONS } from './serialize-writers';
import { authenticate, normaliseEmail, type PublicUser } from './users';

export interface ThrottlePolicy {
  /** Checks allowed before the first lock (score units). */
  free: number;
  /** How fast the score drains, per hour. */
  drainPerHour: number;
  /** The first lock; each further counted failure doubles it. */
  baseDelayMs: number;
  /** No lock is ever longer than this. */
  maxDelayMs: number;
}

export type SignInScope = 'pair' | 'address' | 'account';

const FIFTEEN_MINUTES = 15 * 60_000;

export const SIGN_IN_THROTTLE: Record<SignInScope, ThrottlePolicy> & { pruneAfterMs: number } = {
  pair: { free: 5, drainPerHour: 2, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  // Room for a classroom behind one NAT address: their typos share this bucket.
  address: { free: 20, drainPerHour: 10, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  account: { free: 30, drainPerHour: 30, baseDelayMs: 1_000, maxDelayMs: FIFTEEN_MINUTES },
  // A row untouched this long has drained to nothing (score ≤ free + 30 at 2/h) and is deleted.
  pruneAfterMs: 24 * 3600_000,
};

/** Scores stop growing here: the lock is long since at its maximum, and the drain stays bounded. */
const SCORE_CAP_ABOVE_FREE = 30;

export type SignInAttempt =
  | { outcome: 'SIGNED_IN'; user: PublicUser }
  | { outcome: 'INVALID' }
  | { outcome: 'THROTTLED'; retryAfterSeconds: number; scope: SignInScope };

interface ThrottleKey {
  scope: SignInScope;
  key: string;
}

// Keys are hashed: people type passwords into the email field, and the table should not keep
// those (or addresses) in clear text.
function keyOf(scope: SignInScope, value: string): ThrottleKey {
  return { scope, key: `${scope}:${crypto.createHash('sha256').update(value).digest('hex')}` };
}

function throttleKeys(email: string, address: string): ThrottleKey[] {
  return [keyOf('pair', `${email}\n${address}`), keyOf('address', address), keyOf('account', email)];
}

function drained(row: { score: number; lastAt: Date }, policy: ThrottlePolicy, now: Date): number {
  const hours = Math.max(0, now.getTime() - row.lastAt.getTime()) / 3_600_000;
  return Math.max(0, row.score - policy.drainPerHour * hours);
}

/** How long a key with this score stays locked after a counted attempt (0 = not locked). */
export function lockDelayMs(score: number, policy: ThrottlePolicy): number {
  if (score <= policy.free) return 0;
  const step = Math.ceil(score - policy.free) - 1;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(step, 40), policy.maxDelayMs);
}

type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number; scope: SignInScope };

/** Refuses when any key is locked; otherwise counts this attempt against every key. */
async function reserveAttempt(tx: Tx, keys: ThrottleKey[], now: Date): Promise<Reservation> {
  const rows = await tx.signInThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  let until = 0;
  let scope: SignInScope = 'account';
  for (const k of keys) {
    const lockedUntil = byKey.get(k.key)?.lockedUntil?.getTime() ?? 0;
    if (lockedUntil > now.getTime() && lockedUntil > until) {
      until = lockedUntil;
      scope = k.scope;
    }
  }
  if (until > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)), scope };

  for (const k of keys) {
    const policy = SIGN_IN_THROTTLE[k.scope];
    const row = byKey.get(k.key);
    const score = Math.min((row ? drained(row, policy, now) : 0) + 1, policy.free + SCORE_CAP_ABOVE_FREE);
    const delay = lockDelayMs(score, policy);
    const data = { score, lastAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
    await tx.signInThrottle.upsert({ where: { key: k.key }, create: { key: k.key, ...data }, update: data });
  }
  return { ok: true };
}

/** After a correct password: the account and the pair start afresh; the address gets its 1 back. */
async function settleSuccess(tx: Tx, keys: ThrottleKey[], now: Date): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key: { in: keys.filter((k) => k.scope !== 'address').map((k) => k.key) } } });
  const address = keys.find((k) => k.scope === 'address')!;
  const row = await tx.signInThrottle.findUnique({ where: { key: address.key } });
  if (!row) return;
  const policy = SIGN_IN_THROTTLE.address;
  const score = Math.max(0, drained(row, policy, now) - 1);
  // A lock this attempt set is lifted; one earned by earlier failures stays.
  await tx.signInThrottle.update({
    where: { key: address.key },
    data: { score, lastAt: now, lockedUntil: score > policy.free ? row.lockedUntil : null },
  });
}

/**
 * One sign-in attempt. `address` is the client's address as the web layer determined it (null when
 * unknown: all such attempts then share one address bucket). `now` is for tests.
 */
export async function attemptSignIn(
  input: { email: string; password: string; address: string | null },
  options: { now?: Date } = {},
  db: Db = getDb(),
): Promise<SignInAttempt> {
  const now = options.now ?? new Date();
  const provider = providerOfDb(db);
  const keys = throttleKeys(normaliseEmail(input.email), input.address?.trim() || 'unknown');
  const lockNames = keys.map((k) => k.key);

  const reservation = await db.$transaction(async (tx) => {
    await lockKeys(tx, provider, LOCK_SPACE.signIn, lockNames);
    return reserveAttempt(tx, keys, now);
  }, SERIALIZED_TX_OPTIONS);
  if (!reservation.ok) return { outcome: 'THROTTLED', retryAfterSeconds: reservation.retryAfterSeconds, scope: reservation.scope };

  // The slow part (scrypt) runs outside the transaction, holding no lock.
  const user = await authenticate(input.email, input.password, db);
  if (!user) return { outcome: 'INVALID' };

  await db.$transaction(async (tx) => {
    await lockKeys(tx, provider, LOCK_SPACE.signIn, lockNames);
    await settleSuccess(tx, keys, now);
  }, SERIALIZED_TX_OPTIONS);
  await pruneSignInThrottle(now, db);
  return { outcome: 'SIGNED_IN', user };
}

/** Deletes throttle rows untouched for `pruneAfterMs` (they have drained to nothing). */
export async function pruneSignInThrottle(now: Date = new Date(), db: Db = getDb()): Promise<number> {
  const before = new Date(now.getTime() - SIGN_IN_THROTTLE.pruneAfterMs);
  return (await db.signInThrottle.deleteMany({ where: { lastAt: { lt: before }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } })).count;
}
