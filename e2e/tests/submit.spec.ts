import { expect, test } from '@playwright/test';
import { exerciseFile, exerciseMeta, newLearner, signIn, typeIntoEditor } from './helpers';

const SLUG = 'tied-conv2d';

test('[LEARNER][SUBMIT]: the reference solution typed into the editor scores 100% with every check listed', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto('/');
  await page.getByRole('link', { name: /tied/i }).first().click();
  await expect(page).toHaveURL(new RegExp(`/exercises/${SLUG}`));
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');

  await typeIntoEditor(page, exerciseFile(SLUG, 'solution.ts'));
  await page.getByRole('button', { name: 'Submit' }).click();

  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.getByTestId('score')).toHaveText('100%');
  const rows = page.getByTestId('check-row');
  const checks = exerciseMeta(SLUG).checks.map((c) => c.name);
  await expect(rows).toHaveCount(checks.length);
  for (const name of checks) {
    await expect(page.locator(`[data-testid="check-row"][data-check-name="${name}"]`)).toHaveAttribute('data-passed', 'true');
  }
});

test('[LEARNER][SUBMIT]: the untouched starter scores below 100% and names the failing check', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto(`/exercises/${SLUG}`);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
  await page.getByRole('button', { name: 'Submit' }).click();

  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  const score = await page.getByTestId('score').textContent();
  expect(Number.parseFloat(score ?? '100')).toBeLessThan(100);
  const failing = page.locator('[data-testid="check-row"][data-passed="false"]');
  expect(await failing.count()).toBeGreaterThan(0);
  const names = exerciseMeta(SLUG).checks.map((c) => c.name);
  expect(names).toContain(await failing.first().getAttribute('data-check-name'));
});

test('[LEARNER][EDITOR]: the editor knows the TensorFlow.js API, so a typo in tf.* is flagged before submitting', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto(`/exercises/${SLUG}`);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
  await typeIntoEditor(page, "import * as tf from '@tensorflow/tfjs';\nexport const y = tf.conv2dd(tf.zeros([1, 4, 4, 1]), tf.zeros([3, 3, 1, 1]), 1, 'same');\n");
  const markers = () =>
    page.evaluate(() => {
      const monaco = (window as unknown as { monaco: { editor: { getModelMarkers(f: object): { message: string }[] } } }).monaco;
      return monaco.editor.getModelMarkers({}).map((m) => m.message);
    });
  await expect.poll(markers, { timeout: 30_000 }).toContainEqual(expect.stringContaining("Property 'conv2dd' does not exist"));
  // The import itself resolves (no "cannot find module"), and correct tfjs code is clean.
  await typeIntoEditor(page, "import * as tf from '@tensorflow/tfjs';\nexport const y = tf.conv2d(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, tf.zeros([3, 3, 1, 1]) as tf.Tensor4D, 1, 'same');\n");
  await expect.poll(markers, { timeout: 30_000 }).toEqual([]);
});
