// The visible checks run in the learner's browser (a Web Worker with TensorFlow.js wasm): instant,
// not graded, and consistent with what the grader later says about the same code.
import { expect, test, type Page } from '@playwright/test';
import { loadExercise, loadExercises } from '@tyinglab/exercise-format';
import { exerciseFile, exerciseMeta, newLearner, signIn, typeIntoEditor } from './helpers';

const SLUG = 'tied-conv2d';

async function openExercise(page: Page, slug = SLUG): Promise<void> {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto(`/exercises/${slug}`);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
}

const row = (page: Page, name: string) => page.locator(`[data-testid="browser-check-row"][data-check-name="${name}"]`);

/**
 * Straight to the check worker the page uses: a fresh worker, one run request once it is ready, its
 * reply and how long TensorFlow.js took to start. Terminated afterwards, as the page does.
 */
function runInFreshWorker(page: Page, request: { slug: string; contentHash: string; code: string }): Promise<{ reply: unknown; initMs: number }> {
  return page.evaluate(async (req) => {
    const worker = new Worker('/check-worker/check-worker.js');
    let initMs = -1;
    try {
      const reply = await new Promise<unknown>((resolve) => {
        worker.onmessage = (ev: MessageEvent<{ type: string; initMs?: number }>) => {
          if (ev.data.type === 'ready') {
            initMs = ev.data.initMs ?? -1;
            worker.postMessage({ type: 'run', ...req });
          } else resolve(ev.data);
        };
        worker.onerror = (ev) => resolve({ type: 'failed', message: ev.message });
      });
      return { reply, initMs };
    } finally {
      worker.terminate();
    }
  }, request);
}

test('[LEARNER][BROWSER-CHECKS]: the solution passes every visible check in the browser, and nothing is submitted', async ({ page }) => {
  await openExercise(page);
  await typeIntoEditor(page, exerciseFile(SLUG, 'solution.ts'));
  await page.getByTestId('run-visible-checks').click();

  const visible = exerciseMeta(SLUG).checks.filter((c) => c.visibility === 'visible').map((c) => c.name);
  await expect(page.getByTestId('browser-checks-summary')).toHaveText(`${visible.length} of ${visible.length} visible checks passed`);
  await expect(page.getByTestId('browser-check-row')).toHaveCount(visible.length);
  for (const name of visible) await expect(row(page, name)).toHaveAttribute('data-passed', 'true');
  // TensorFlow.js ran on the same wasm backend the grader uses, and the server saw nothing.
  await expect(page.getByTestId('browser-checks-status')).toContainText('on wasm');
  const history = await page.request.get(`/api/submissions?exerciseSlug=${SLUG}`);
  expect((await history.json()).submissions).toEqual([]);
  await expect(page.getByTestId('result-panel')).toHaveAttribute('data-status', 'NONE');
});

test('[LEARNER][BROWSER-CHECKS]: a wrong variant fails the same visible check in the browser and on the grader', async ({ page }) => {
  await openExercise(page);
  const wrong = loadExercise(SLUG).meta.wrong.find((w) => w.file === 'wrong/untied-per-location.ts')!;
  await typeIntoEditor(page, exerciseFile(SLUG, wrong.file));
  await page.getByTestId('run-visible-checks').click();
  await expect(row(page, wrong.failsCheck)).toHaveAttribute('data-passed', 'false');
  await expect(row(page, wrong.failsCheck).getByTestId('check-message')).toContainText('Not equivariant under shift');

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.locator(`[data-testid="check-row"][data-check-name="${wrong.failsCheck}"]`)).toHaveAttribute('data-passed', 'false');
});

test('[LEARNER][BROWSER-CHECKS]: an endless loop is stopped at the time limit and the page stays usable', async ({ page }) => {
  await openExercise(page);
  await typeIntoEditor(page, 'export function createTiedConv2d() { for (;;) {} }');
  await page.getByTestId('run-visible-checks').click();
  await expect(page.getByTestId('browser-checks')).toHaveAttribute('data-phase', 'running');
  // The main thread is free while the worker spins: the editor still takes input.
  await expect(page.getByTestId('run-visible-checks')).toHaveText('Checking…');
  const seconds = exerciseMeta(SLUG).limits.timeMs / 1000;
  await expect(page.getByTestId('browser-checks-status')).toContainText(`Stopped after ${seconds} s`, { timeout: exerciseMeta(SLUG).limits.timeMs + 15_000 });

  await typeIntoEditor(page, exerciseFile(SLUG, 'solution.ts'));
  await page.getByTestId('run-visible-checks').click();
  await expect(page.getByTestId('browser-checks-summary')).toHaveText(/^(\d+) of \1 visible checks passed$/);
});

test('[LEARNER][BROWSER-CHECKS]: a compile error names the line, as the grader would (Ctrl+Shift+Enter in the editor)', async ({ page }) => {
  await openExercise(page);
  await typeIntoEditor(page, 'export function createTiedConv2d(args) {\n  return {{;\n}\n');
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await expect(page.getByTestId('browser-checks-status')).toHaveText('Your code does not compile');
  await expect(page.getByTestId('browser-checks-message')).toContainText('submission.ts:2:');
});

test('[LEARNER][BROWSER-CHECKS]: checks built from another version of the exercise refuse to run', async ({ page }) => {
  await openExercise(page);
  const { reply } = await runInFreshWorker(page, { slug: 'tied-conv2d', contentHash: 'not-this-version', code: 'export {}' });
  expect(reply).toEqual({ type: 'stale' });
});

test('[CONTENT][BROWSER-CHECKS]: every exercise’s solution passes its visible checks in Chromium', async ({ page }) => {
  test.setTimeout(240_000);
  await openExercise(page);
  const timings: string[] = [];
  for (const def of loadExercises()) {
    const code = exerciseFile(def.meta.slug, 'solution.ts');
    const { reply, initMs } = await runInFreshWorker(page, { slug: def.meta.slug, contentHash: def.contentHash, code });
    const visible = def.meta.checks.filter((c) => c.visibility === 'visible').map((c) => c.name);
    expect(reply, def.meta.slug).toMatchObject({ type: 'result', backend: 'wasm', outcome: { status: 'CHECKED', total: visible.length, passed: visible.length } });
    timings.push(`${def.meta.slug.padEnd(32)} tfjs start ${String(initMs).padStart(5)} ms   visible checks ${String((reply as { outcome: { durationMs: number } }).outcome.durationMs).padStart(5)} ms`);
  }
  // A measurement for the record (not an assertion): how long a learner waits in Chromium.
  console.log(`In-browser visible checks of each solution (Chromium, fresh worker each):\n${timings.join('\n')}`);
});
