// The result view follows a submission over Server-Sent Events and falls back to polling. Each test
// cuts one transport off in the browser, so a verdict that still arrives must have come over the other:
// a page that only polled would fail the first test, a page without a fallback the second.
import { expect, test, type Page, type Request } from '@playwright/test';
import { exerciseFile, newLearner, signIn, typeIntoEditor } from './helpers';

const SLUG = 'tied-conv2d';
/** GET /api/submissions/<id> (the polling endpoint); not POST /api/submissions, not …/events. */
const POLL_URL = /\/api\/submissions\/[^/?]+(\?.*)?$/;
const STREAM_URL = /\/api\/submissions\/[^/?]+\/events(\?.*)?$/;

async function submitSolution(page: Page): Promise<void> {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto(`/exercises/${SLUG}`);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
  await typeIntoEditor(page, exerciseFile(SLUG, 'solution.ts'));
  await page.getByRole('button', { name: 'Submit' }).click();
}

test('[LEARNER][LIVE]: the verdict arrives over the event stream when polling is unavailable', async ({ page }) => {
  const polled: string[] = [];
  const streamed: string[] = [];
  page.on('request', (r: Request) => {
    if (STREAM_URL.test(r.url())) streamed.push(r.url());
  });
  await page.route(POLL_URL, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    polled.push(route.request().url());
    await route.abort('connectionrefused');
  });

  await submitSolution(page);
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.getByTestId('score')).toHaveText('100%');
  expect(streamed.length).toBeGreaterThan(0);
  expect(polled).toEqual([]);
});

test('[LEARNER][LIVE]: when the event stream fails, polling still delivers the verdict', async ({ page }) => {
  let polls = 0;
  let streamAttempts = 0;
  await page.route(STREAM_URL, async (route) => {
    streamAttempts++;
    await route.abort('connectionrefused');
  });
  page.on('request', (r: Request) => {
    if (r.method() === 'GET' && POLL_URL.test(r.url()) && !STREAM_URL.test(r.url())) polls++;
  });

  await submitSolution(page);
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.getByTestId('score')).toHaveText('100%');
  expect(streamAttempts).toBeGreaterThan(0);
  expect(polls).toBeGreaterThan(0);
});
