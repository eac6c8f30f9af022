// Accessibility: axe finds nothing serious or critical on the pages a learner uses (catalogue,
// exercise, a result with its details open, a course, their progress); what scrolls can be reached
// and scrolled with the keyboard; the way out of the editor is written next to it; and a learner
// can go from signing in to a verdict without the mouse.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { exerciseFile, newLearner, signIn, type Learner } from './helpers';
import { expectEditorToContain, storeCourse, storeSubmission } from './learner-fixtures';

const SLUG = 'tied-conv2d';
const BLOCKING = ['serious', 'critical'];

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  // axe really looked at the page (an empty result would also have no violations).
  expect(results.passes.length, `axe on ${what}`).toBeGreaterThan(10);
  const blocking = results.violations
    .filter((v) => BLOCKING.includes(v.impact ?? ''))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(blocking, `axe on ${what}`).toEqual([]);
}

/** A graded submission with a failed check whose details hold facts and a plot, as the grader stores them. */
async function storeGradedResult(learner: Learner): Promise<void> {
  await storeSubmission(learner, SLUG, {
    status: 'GRADED',
    score: 0.75,
    code: exerciseFile(SLUG, 'solution.ts'),
    minutesAgo: 5,
    checks: [
      { name: 'param-count', title: 'Parameter count', points: 2, maxPoints: 2, passed: true, message: 'Your layer declares 448 parameters, as expected.', details: { facts: [{ label: 'parameters', value: 448 }], plots: [] } },
      {
        name: 'trains-like-reference',
        title: 'Trains like the reference (SGD)',
        points: 0,
        maxPoints: 2,
        passed: false,
        visibility: 'HIDDEN',
        message: 'Your loss stayed flat while the reference loss fell.',
        details: {
          facts: [
            { label: 'largest difference', value: 0.8 },
            { label: 'optimizer', value: 'SGD (lr 0.1)' },
          ],
          plots: [
            {
              kind: 'line',
              title: 'Training loss',
              xLabel: 'optimizer step',
              yLabel: 'loss',
              x: [0, 1, 2, 3],
              series: [
                { name: 'your loss', values: [2, 2, 2, 2] },
                { name: 'reference loss', values: [2, 1.5, 1.2, 1], style: 'dashed' },
              ],
            },
          ],
        },
      },
    ],
  });
}

test('[A11Y][AXE]: the catalogue, signed out and in, has no serious or critical violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('exercise-card').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'the catalogue (signed out)');

  const learner = await newLearner();
  await storeSubmission(learner, SLUG, { status: 'GRADED', score: 1 });
  await signIn(page, learner);
  await page.goto('/?q=tied');
  await expect(page.getByTestId('card-progress').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'the catalogue (signed in, filtered)');
});

test('[A11Y][AXE]: an exercise with a result, its details open and a comparison, and the progress and course pages have no serious or critical violations', async ({ page }) => {
  const learner = await newLearner();
  await storeGradedResult(learner);
  const course = await storeCourse(learner, SLUG);
  await signIn(page, learner);

  await page.goto(`/exercises/${SLUG}`);
  await expectEditorToContain(page, 'export');
  await expect(page.getByTestId('verdict')).toHaveText('GRADED');
  await page.getByTestId('check-row').locator('summary').last().click();
  await expect(page.getByTestId('plot')).toBeVisible();
  await expectNoSeriousViolations(page, 'the exercise page with a result');

  await page.getByTestId('history-row').first().getByRole('button', { name: /^Compare/ }).click();
  await expect(page.getByTestId('compare-panel')).toBeVisible();
  await expectNoSeriousViolations(page, 'the exercise page with the comparison open');

  await page.goto('/progress');
  await expect(page.getByTestId('progress-table')).toBeVisible();
  await expectNoSeriousViolations(page, 'the progress page');

  await page.goto(`/courses/${course.courseSlug}`);
  await expect(page.getByTestId('course-page')).toBeVisible();
  await expectNoSeriousViolations(page, 'the course page');

  await page.goto(`/courses/${course.courseSlug}/assignments/${course.assignmentId}`);
  await expect(page.getByTestId('assignment-banner')).toBeVisible();
  await expectEditorToContain(page, 'export');
  await expectNoSeriousViolations(page, 'the assignment page');
});

test('[A11Y][KEYBOARD]: the statement, its equations and code blocks are reachable and labelled; the editor says how to leave it', async ({ page }) => {
  await page.goto(`/exercises/${SLUG}`);
  const statement = page.getByTestId('statement');
  await expect(statement).toHaveAttribute('tabindex', '0');
  await expect(statement).toHaveAccessibleName(/./);
  for (const selector of ['.prose pre', '.prose .katex-display']) {
    const blocks = statement.locator(selector);
    expect(await blocks.count(), selector).toBeGreaterThan(0);
    for (const block of await blocks.all()) {
      await expect(block).toHaveAttribute('tabindex', '0');
      await expect(block).toHaveAttribute('role', 'group');
      await expect(block).toHaveAccessibleName(/scrolls sideways/);
    }
  }
  // Tab reaches a code block of the statement.
  const reached = await tabUntil(page, '.prose pre', 80);
  expect(reached).toBe(true);

  await expect(page.getByTestId('editor-keys')).toBeVisible();
  await expect(page.getByTestId('editor-keys')).toContainText('To leave the editor with Tab, press Ctrl+M');
});

/** Presses Tab until the focused element matches `selector`, at most `max` times. */
async function tabUntil(page: Page, selector: string, max = 60): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

test('[A11Y][KEYBOARD]: sign in, open an exercise, write the solution, leave the editor and submit, with the keyboard only', async ({ page }) => {
  test.setTimeout(180_000);
  const learner = await newLearner();
  await page.goto('/signin');
  expect(await tabUntil(page, 'input[type="email"]')).toBe(true);
  await page.keyboard.type(learner.email);
  expect(await tabUntil(page, 'input[type="password"]', 3)).toBe(true);
  await page.keyboard.type(learner.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toBeVisible();

  await page.goto('/');
  expect(await tabUntil(page, `[data-testid="exercise-card"] a[href="/exercises/${SLUG}"]`, 120)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/exercises\/tied-conv2d$/);
  await expectEditorToContain(page, 'export');

  expect(await tabUntil(page, '.monaco-editor textarea', 120)).toBe(true);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(exerciseFile(SLUG, 'solution.ts'));
  // Tab inside the editor indents; after Ctrl+M it moves focus on, to the Submit button.
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Submit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.getByTestId('score')).toHaveText('100%');
});
