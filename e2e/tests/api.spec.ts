import { expect, test } from '@playwright/test';
import { exerciseFile, exerciseMeta, newLearner, signInApi, siteDb, waitForVerdict } from './helpers';

const SLUG = 'tied-conv2d';

test('[API][SUBMIT]: bad input gets a clear 4xx error and writes nothing', async ({ playwright, baseURL }) => {
  const learner = await newLearner();
  const anonymous = await playwright.request.newContext({ baseURL });
  const before = await siteDb().submission.count({ where: { userId: learner.id } });

  const unauth = await anonymous.post('/api/submissions', { data: { exerciseSlug: SLUG, code: 'export {}' } });
  expect(unauth.status()).toBe(401);
  expect((await unauth.json()).error.code).toBe('UNAUTHENTICATED');

  const signedIn = await playwright.request.newContext({ baseURL });
  await signInApi(signedIn, learner);
  const cases: [string, Parameters<typeof signedIn.post>[1], number][] = [
    ['missing code', { data: { exerciseSlug: SLUG } }, 400],
    ['missing exercise', { data: { code: 'export {}' } }, 400],
    ['malformed JSON', { data: '{"exerciseSlug":', headers: { 'content-type': 'application/json' } }, 400],
    ['1 MB of code', { data: { exerciseSlug: SLUG, code: 'x'.repeat(1_000_000) } }, 413],
    ['unknown exercise', { data: { exerciseSlug: 'no-such-exercise', code: 'export {}' } }, 404],
  ];
  for (const [what, options, status] of cases) {
    const res = await signedIn.post('/api/submissions', options);
    expect(res.status(), what).toBe(status);
    const body = await res.json();
    expect(typeof body.error?.message, what).toBe('string');
  }
  expect(await siteDb().submission.count({ where: { userId: learner.id } })).toBe(before);
  await anonymous.dispose();
  await signedIn.dispose();
});

test('[API][GRADER]: wrong answer, syntax error and infinite loop get the right outcome and the worker keeps serving', async ({ playwright, baseURL }) => {
  test.setTimeout(240_000);
  const learner = await newLearner();
  const api = await playwright.request.newContext({ baseURL });
  await signInApi(api, learner);
  const submit = async (code: string) => {
    const res = await api.post('/api/submissions', { data: { exerciseSlug: SLUG, code } });
    expect(res.status()).toBe(202);
    const { id } = await res.json();
    // The row exists (QUEUED or later) as soon as the 202 arrives.
    expect(await siteDb().submission.findUnique({ where: { id } })).not.toBeNull();
    return id as string;
  };
  const meta = exerciseMeta(SLUG) as unknown as { wrong: { file: string }[]; limits: { timeMs: number } };
  // The endless loop goes first: it holds the worker for the whole time limit, so the three stay pending.
  const loop = await submit(exerciseFile(SLUG, 'solution.ts') + '\nwhile (true) {}\n');
  const wrong = await submit(exerciseFile(SLUG, meta.wrong[0]!.file));
  const syntax = await submit('export function broken( {\n  return 1;\n');

  // A fourth submission while three wait is refused (one learner cannot flood the queue) and writes nothing.
  const before = await siteDb().submission.count({ where: { userId: learner.id } });
  const flood = await api.post('/api/submissions', { data: { exerciseSlug: SLUG, code: 'export {}' } });
  expect(flood.status()).toBe(429);
  expect(Number(flood.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await flood.json()).error.code).toBe('RATE_LIMITED');
  expect(await siteDb().submission.count({ where: { userId: learner.id } })).toBe(before);

  const w = await waitForVerdict(api, wrong);
  expect(w.status).toBe('GRADED');
  expect(w.score).toBeLessThan(1);

  const s = await waitForVerdict(api, syntax);
  expect(s).toMatchObject({ status: 'NOT_GRADABLE', reason: 'COMPILE_ERROR' });
  expect(s.message).toMatch(/submission\.ts:2:\d+/); // the compiler names the line

  const l = await waitForVerdict(api, loop, meta.limits.timeMs + 90_000);
  expect(l).toMatchObject({ status: 'NOT_GRADABLE', reason: 'TIME_LIMIT' });
  expect(l.message).toMatch(/time limit/i);

  // The worker that just killed an endless loop keeps serving: the next submission is graded.
  const after = await submit(exerciseFile(SLUG, 'solution.ts'));
  const a = await waitForVerdict(api, after);
  expect(a).toMatchObject({ status: 'GRADED', score: 1 });
  await api.dispose();
});

test('[API][SECURITY]: pages, API responses and the check worker are served with hardening headers', async ({ request }) => {
  for (const url of ['/signin', '/api/health', '/check-worker/check-worker.js']) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()['x-content-type-options'], url).toBe('nosniff');
    expect(res.headers()['x-frame-options'], url).toBe('DENY');
    expect(res.headers()['referrer-policy'], url).toBe('same-origin');
  }

  // Pages: a nonce-based Content-Security-Policy, a fresh nonce on every response, on Next's scripts.
  const csp = async () => {
    const res = await request.get('/signin');
    const policy = res.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    return { policy, nonce, html: await res.text() };
  };
  const first = await csp();
  expect(first.policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(first.policy).toContain("object-src 'none'");
  expect(first.policy).toContain("frame-ancestors 'none'");
  expect(first.policy).not.toContain('unsafe-eval');
  expect(first.html).toContain(`nonce="${first.nonce}"`);
  // Every script element on the page carries the nonce (an inline script without it would not run).
  const scripts = first.html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${first.nonce}"`);
  expect((await csp()).nonce).not.toBe(first.nonce);

  // The check worker has its own policy: eval (the learner's code) and wasm, which no page gets.
  const worker = await request.get('/check-worker/check-worker.js');
  expect(worker.headers()['content-security-policy']).toBe("default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'");
  const api = await request.get('/api/health');
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
});
