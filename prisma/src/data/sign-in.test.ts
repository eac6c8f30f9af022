// Sign-in hardening on both databases: throttling (attemptSignIn), password hashes that carry their
// parameters and are upgraded on sign-in, and expired-session cleanup.
import crypto from 'node:crypto';
import { createDb, type Db } from '../client';
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { attemptSignIn, lockDelayMs, pruneSignInThrottle, SIGN_IN_THROTTLE, type SignInAttempt } from './attempt-sign-in';
import { hashPassword, passwordNeedsRehash, SCRYPT_PARAMS, verifyPassword } from './passwords';
import { createSession, deleteExpiredSessions, getUserBySessionToken } from './sessions';
import { authenticate, createUser } from './users';

const PASSWORD = 'right-password-123';

/** A hash in the stored format with deliberately cheap parameters, so tests can check thousands of guesses quickly. */
function cheapHash(password: string, N = 1024): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N, r: 8, p: 1 });
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The first format: `scrypt$salt$hash`, made with N = 16384, r = 8, p = 1. */
function legacyHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N: 16_384, r: 8, p: 1 });
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('password hashes', () => {
  it('carry their own parameters, at least N = 2^17', async () => {
    const stored = await hashPassword(PASSWORD);
    const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.exec(stored);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(2 ** 17);
    expect(Number(match![1])).toBe(SCRYPT_PARAMS.N);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('wrong', stored)).toBe(false);
    expect(passwordNeedsRehash(stored)).toBe(false);
  });

  it('still verifies old-format and weaker hashes, and marks them for re-hashing', async () => {
    for (const stored of [legacyHash(PASSWORD), cheapHash(PASSWORD)]) {
      expect(await verifyPassword(PASSWORD, stored)).toBe(true);
      expect(await verifyPassword('wrong', stored)).toBe(false);
      expect(passwordNeedsRehash(stored)).toBe(true);
    }
  });

  it('never matches a malformed hash or absurd parameters', async () => {
    for (const stored of ['', 'bcrypt$x$y', 'scrypt$', 'scrypt$1000$8$1$AAAA$AAAA', `scrypt$${2 ** 24}$8$1$AAAA$AAAA`, 'scrypt$1024$0$1$AAAA$AAAA']) {
      expect(await verifyPassword(PASSWORD, stored)).toBe(false);
    }
  });
});

describe.each(TEST_PROVIDERS)('sign-in hardening on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.drop();
  });

  /** A user whose stored hash is cheap to check (so many guesses stay fast); returns its email. */
  async function cheapUser(): Promise<string> {
    const email = `u-${crypto.randomBytes(4).toString('hex')}@${provider}.test`;
    const user = await t.db.user.create({ data: { email, displayName: 'U', passwordHash: cheapHash(PASSWORD) } });
    return user.email;
  }

  const attempt = (email: string, password: string, address: string, now: Date, db: Db = t.db) => attemptSignIn({ email, password, address }, { now }, db);
  const outcomes = (results: SignInAttempt[]) => results.map((r) => r.outcome);

  it('refuses the right password after a burst of wrong ones (25 guesses at ~23/s), with a wait', async () => {
    const email = await cheapUser();
    const start = Date.now();
    const results: SignInAttempt[] = [];
    for (let i = 0; i < 25; i++) results.push(await attempt(email, `guess-${i}`, '203.0.113.7', new Date(start + i * 43)));
    expect(outcomes(results).slice(0, SIGN_IN_THROTTLE.pair.free + 1)).toEqual(Array(SIGN_IN_THROTTLE.pair.free + 1).fill('INVALID'));
    expect(outcomes(results)).toContain('THROTTLED');
    const right = await attempt(email, PASSWORD, '203.0.113.7', new Date(start + 25 * 43));
    expect(right).toMatchObject({ outcome: 'THROTTLED', scope: 'pair' });
    expect((right as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('does not extend a lock while it is hammered; once it ends, the right password works and resets the account', async () => {
    const email = await cheapUser();
    let now = Date.now();
    for (let i = 0; i < 8; i++) {
      const r = await attempt(email, 'wrong', '198.51.100.1', new Date(now));
      expect(r.outcome).toBe('INVALID');
      now += lockDelayMs(i + 1, SIGN_IN_THROTTLE.pair); // the next moment this key accepts a check
    }
    const rowsBefore = await t.db.signInThrottle.findMany({ orderBy: { key: 'asc' } });
    const lockedUntil = Math.max(...rowsBefore.map((r) => r.lockedUntil?.getTime() ?? 0));
    expect(lockedUntil).toBeGreaterThan(now - 1);
    // 200 more tries during the lock, the right password among them: all refused, nothing changes.
    for (let i = 0; i < 200; i++) {
      const r = await attempt(email, i === 100 ? PASSWORD : 'wrong', '198.51.100.1', new Date(now - 1));
      expect(r.outcome).toBe('THROTTLED');
    }
    expect(await t.db.signInThrottle.findMany({ orderBy: { key: 'asc' } })).toEqual(rowsBefore);
    // The lock ends when it said it would, and a success clears the account's and pair's counts.
    expect((await attempt(email, PASSWORD, '198.51.100.1', new Date(lockedUntil))).outcome).toBe('SIGNED_IN');
    expect((await attempt(email, 'typo', '198.51.100.1', new Date(lockedUntil + 1))).outcome).toBe('INVALID');
    expect((await attempt(email, PASSWORD, '198.51.100.1', new Date(lockedUntil + 2))).outcome).toBe('SIGNED_IN');
  });

  it('backs off exponentially, never longer than the maximum delay', async () => {
    const email = await cheapUser();
    let now = Date.now();
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await attempt(email, 'wrong', '192.0.2.50', new Date(now));
      expect(r.outcome).toBe('INVALID');
      // The lock this failure set, read from the rows it wrote (pair, address, account).
      const rows = await t.db.signInThrottle.findMany({ where: { lastAt: new Date(now) } });
      const wait = Math.max(0, ...rows.map((row) => (row.lockedUntil ? row.lockedUntil.getTime() - now : 0)));
      waits.push(wait / 1000);
      // One millisecond early is refused; the wait is exact.
      if (wait > 0) expect((await attempt(email, PASSWORD, '192.0.2.50', new Date(now + wait - 1))).outcome).toBe('THROTTLED');
      now += Math.max(wait, 1);
    }
    // Five free checks, then 1 s, 2 s, 4 s, … doubling, capped at 15 minutes.
    expect(waits.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16]);
    expect(Math.max(...waits)).toBe(SIGN_IN_THROTTLE.pair.maxDelayMs / 1000);
    expect(waits.slice(-4)).toEqual([900, 900, 900, 900]);
  });

  it('an attacker on one address cannot lock the owner out from another, however long it keeps going', async () => {
    const email = await cheapUser();
    let now = Date.now();
    const end = now + 24 * 3600_000;
    let guesses = 0;
    let nextOwnerVisit = now + 3600_000;
    while (now < end) {
      const r = await attempt(email, `guess-${guesses}`, '203.0.113.99', new Date(now));
      if (r.outcome === 'INVALID') guesses += 1;
      if (now >= nextOwnerVisit) {
        // The owner, elsewhere, signs in fine every few hours of the attack.
        expect((await attempt(email, PASSWORD, '198.51.100.23', new Date(now))).outcome).toBe('SIGNED_IN');
        await t.db.user.update({ where: { email }, data: { passwordHash: cheapHash(PASSWORD) } }); // undo the upgrade: keep guesses cheap
        nextOwnerVisit += 6 * 3600_000;
      }
      now += r.outcome === 'THROTTLED' ? r.retryAfterSeconds * 1000 : 1;
    }
    // The attacker was held to a handful of checks an hour (far below what a free run would allow).
    expect(guesses).toBeLessThan(24 * 5 + 20);
  });

  it('throttles one address spraying many accounts, but not other addresses', async () => {
    const emails = await Promise.all(Array.from({ length: SIGN_IN_THROTTLE.address.free + 3 }, () => cheapUser()));
    const now = new Date();
    const results = [];
    for (const email of emails) results.push(await attempt(email, 'Summer2026!', '203.0.113.200', now));
    expect(outcomes(results).slice(0, SIGN_IN_THROTTLE.address.free + 1).every((o) => o === 'INVALID')).toBe(true);
    expect(results.at(-1)).toMatchObject({ outcome: 'THROTTLED', scope: 'address' });
    expect((await attempt(emails.at(-1)!, PASSWORD, '198.51.100.77', now)).outcome).toBe('SIGNED_IN');
  });

  it('counts a burst of parallel attempts exactly (no check slips past the lock)', async () => {
    const email = await cheapUser();
    // On PostgreSQL a second client stands in for a second site process. On SQLite one process
    // keeps one client (better-sqlite3 waits for a lock synchronously, so two clients in one
    // process would wait on each other); the cross-process case there is create-submission.test.ts,
    // which uses the same lock.
    const other = provider === 'postgresql' ? createDb(t.url) : t.db;
    try {
      const now = new Date();
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(email, `parallel-${i}`, '203.0.113.5', now, i % 2 ? other : t.db)));
      // Exactly free + 1 checks ran (the last of them set the lock); every other one was refused unchecked.
      expect(outcomes(results).filter((o) => o === 'INVALID')).toHaveLength(SIGN_IN_THROTTLE.pair.free + 1);
      expect(outcomes(results).filter((o) => o === 'THROTTLED')).toHaveLength(30 - SIGN_IN_THROTTLE.pair.free - 1);
    } finally {
      if (other !== t.db) await other.$disconnect();
    }
  });

  it('prunes throttle rows that have drained to nothing', async () => {
    const email = await cheapUser();
    const long = new Date(Date.now() - SIGN_IN_THROTTLE.pruneAfterMs - 60_000);
    await attempt(email, 'wrong', '192.0.2.1', long);
    const count = await t.db.signInThrottle.count();
    expect(await pruneSignInThrottle(new Date(), t.db)).toBe(3); // pair, address, account
    expect(await t.db.signInThrottle.count()).toBe(count - 3);
  });

  it('upgrades an old-format hash on a successful sign-in', async () => {
    const email = `legacy-${crypto.randomBytes(3).toString('hex')}@${provider}.test`;
    await t.db.user.create({ data: { email, displayName: 'L', passwordHash: legacyHash(PASSWORD) } });
    expect(await authenticate(email, 'wrong', t.db)).toBeNull();
    expect((await t.db.user.findUniqueOrThrow({ where: { email } })).passwordHash.split('$')).toHaveLength(3); // a failure changes nothing
    expect(await authenticate(email, PASSWORD, t.db)).toMatchObject({ email });
    const upgraded = (await t.db.user.findUniqueOrThrow({ where: { email } })).passwordHash;
    expect(upgraded.startsWith(`scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$`)).toBe(true);
    expect(passwordNeedsRehash(upgraded)).toBe(false);
    expect(await authenticate(email, PASSWORD, t.db)).toMatchObject({ email });
  });

  it('deletes expired sessions (and only those) when a new one opens', async () => {
    const user = await createUser({ email: `s-${crypto.randomBytes(3).toString('hex')}@${provider}.test`, displayName: 'S', password: PASSWORD }, t.db);
    const stale = await createSession(user.id, t.db);
    const live = await createSession(user.id, t.db);
    const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
    await t.db.session.update({ where: { tokenHash: hashOf(stale.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(2);

    const fresh = await createSession(user.id, t.db);
    expect(await t.db.session.findUnique({ where: { tokenHash: hashOf(stale.token) } })).toBeNull(); // deleted, not just refused
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(2); // live + fresh
    expect(await getUserBySessionToken(stale.token, t.db)).toBeNull();
    expect(await getUserBySessionToken(live.token, t.db)).toMatchObject({ id: user.id });
    expect(await getUserBySessionToken(fresh.token, t.db)).toMatchObject({ id: user.id });

    await t.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await deleteExpiredSessions(new Date(), t.db)).toBe(2);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
