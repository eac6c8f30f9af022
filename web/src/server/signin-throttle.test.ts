// POST /api/auth/signin under a password-guessing burst, through the real route handler and a real
// (SQLite) database: the red-team finding was 25 wrong passwords at ~23 tries/s, then the right one
// accepted. Now the burst is throttled (429 + Retry-After, or a redirect to the page that says so)
// and the right password is refused until the lock ends.
import { createUser } from '@tyinglab/db';
import { createTestDatabase, useAsProcessDatabase, type TestDatabase } from '@tyinglab/db/testing';
import { POST } from '@/app/api/auth/signin/route';

// Next resolves 'server-only' itself during its build; there is no package of that name to load here.
jest.mock('server-only', () => ({}), { virtual: true });

const PASSWORD = 'the-right-password-1';

function signInRequest(email: string, password: string, address: string, form = false): Request {
  const headers: Record<string, string> = { 'x-forwarded-for': address, host: 'localhost' };
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return new Request('http://localhost/api/auth/signin', { method: 'POST', headers, body: new URLSearchParams({ email, password, next: '/exercises/a' }).toString() });
  }
  headers['content-type'] = 'application/json';
  return new Request('http://localhost/api/auth/signin', { method: 'POST', headers, body: JSON.stringify({ email, password }) });
}

describe('POST /api/auth/signin throttling', () => {
  jest.setTimeout(120_000);
  let t: TestDatabase;
  let restore: () => Promise<void>;
  let email: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    restore = await useAsProcessDatabase(t);
    email = (await createUser({ email: 'victim@throttle.test', displayName: 'Victim', password: PASSWORD })).email;
  });
  afterAll(async () => {
    await restore();
    await t.drop();
  });

  it('answers a burst of wrong passwords with 429 + Retry-After, and then refuses the right one too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await POST(signInRequest(email, `guess-${i}`, '203.0.113.7'))).status);
    // A few honest failures, then refusals that never reach the password check.
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);

    const right = await POST(signInRequest(email, PASSWORD, '203.0.113.7'));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(right.headers.get('set-cookie')).toBeNull();
    const body = (await right.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/^Too many sign-in attempts\. For your account's safety, try again in \d+ seconds?\.$/);
  });

  it('sends a throttled form post back to the sign-in page, which shows the wait', async () => {
    const res = await POST(signInRequest(email, PASSWORD, '203.0.113.7', true));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, 'http://localhost');
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('error')).toBe('throttled');
    expect(Number(location.searchParams.get('retry'))).toBeGreaterThanOrEqual(1);
    expect(location.searchParams.get('next')).toBe('/exercises/a');
  });

  it('does not lock the owner out from another address', async () => {
    const res = await POST(signInRequest(email, PASSWORD, '198.51.100.4'));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/tl_session=/);
  });

  it('stores the throttle state in the database (shared by every site process)', async () => {
    const rows = await t.db.signInThrottle.findMany();
    // A lock was recorded (whether it has run out by now depends on how busy the machine was).
    expect(rows.some((r) => r.lockedUntil !== null)).toBe(true);
    // Keys are hashed: neither the email nor the address is kept in clear text.
    expect(rows.map((r) => r.key).join(' ')).not.toMatch(/victim|203\.0\.113/);
  });
});
