// Red-team hardening, seen from the browser: the exercise page works under its Content-Security-
// Policy (Monaco, KaTeX, the wasm check worker) without a single violation; sign-in guessing is
// throttled with a message; `?next=` cannot send a signed-in learner to another site.
import { expect, test, type Page } from '@playwright/test';
import { exerciseFile, exerciseMeta, newLearner, signIn, typeIntoEditor } from './helpers';

const SLUG = 'tied-conv2d';

/** Collects every CSP violation the page reports: the DOM event, and the console lines Chromium writes (workers included). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (load|execute|evaluate|create|compile|apply|connect)/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    if (/Content Security Policy|unsafe-eval|wasm-unsafe-eval/i.test(err.message)) violations.push(`pageerror: ${err.message}`);
  });
  return violations;
}

test('[LEARNER][SECURITY]: the exercise page works under its Content-Security-Policy: Monaco, KaTeX and the visible checks, no violations', async ({ page }) => {
  const violations = await watchCsp(page);
  const learner = await newLearner();
  await signIn(page, learner);
  const response = await page.goto(`/exercises/${SLUG}`);
  expect(response?.headers()['content-security-policy']).toMatch(/'nonce-[^']+' 'strict-dynamic'/);

  // Monaco loaded from /monaco/ (its AMD loader inserts scripts; its workers start from blob: URLs).
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
  // KaTeX rendered the statement's formulas with its styles and fonts.
  await expect(page.locator('.katex').first()).toBeVisible();
  // The check worker (wasm + the learner's code) runs the visible checks to a verdict.
  await typeIntoEditor(page, exerciseFile(SLUG, 'solution.ts'));
  await page.getByTestId('run-visible-checks').click();
  const visible = exerciseMeta(SLUG).checks.filter((c) => c.visibility === 'visible').length;
  await expect(page.getByTestId('browser-checks-summary')).toHaveText(`${visible} of ${visible} visible checks passed`, { timeout: 90_000 });
  expect(violations).toEqual([]);
  // Monaco's TypeScript worker answered too (a type error gets its squiggle).
  await typeIntoEditor(page, 'const n: number = "text";\nexport {};\n');
  await expect(page.locator('.squiggly-error').first()).toBeAttached({ timeout: 30_000 });

  expect(violations).toEqual([]);
});

test('[LEARNER][SECURITY]: repeated wrong passwords are throttled with a clear message, even for the right one', async ({ page }) => {
  const learner = await newLearner();
  // Guess over the API until the lock is long enough that the page's round trip below cannot outlast
  // it on a busy machine; shorter locks are waited out, as a patient guesser would.
  let retryAfter = 0;
  for (let i = 0; i < 30 && retryAfter < 15; i++) {
    const res = await page.request.post('/api/auth/signin', { data: { email: learner.email, password: `wrong-${i}` } });
    if (res.status() === 429) {
      retryAfter = Number(res.headers()['retry-after']);
      if (retryAfter < 15) await page.waitForTimeout(retryAfter * 1000 + 100);
    } else {
      expect(res.status()).toBe(401);
    }
  }
  expect(retryAfter).toBeGreaterThanOrEqual(15);
  // The form says so in words, and the lock holds for the right password as well: it is refused
  // without being checked.
  await page.goto('/signin');
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signin-error')).toHaveText(/^Too many sign-in attempts\. For your account's safety, try again in \d+ (seconds?|minutes?)\.$/);
  await expect(page).toHaveURL(/\/signin\?error=throttled/);
});

test('[LEARNER][SECURITY]: ?next= that normalises to another host lands on the site, not the other host', async ({ page, baseURL }) => {
  const learner = await newLearner();
  for (const next of ['/..//evil.example/x', '/%2e%2e//evil.example/x', '/a/..//evil.example/x']) {
    await page.context().clearCookies();
    await page.goto(`/signin?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(learner.email);
    await page.getByLabel('Password').fill(learner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('E2E Learner')).toBeVisible();
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
  }
});
