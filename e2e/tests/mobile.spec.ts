// A phone (390×844): nothing wider than the screen, cards not clipped, the catalogue's filters folded
// behind a button, and an exercise shown as statement or code, one at a time.
import { expect, test, type Page } from '@playwright/test';
import { newLearner, signIn } from './helpers';
import { expectEditorToContain, storeSubmission } from './learner-fixtures';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const SLUG = 'tied-conv2d';

/** Elements wider than their box, or reaching past the screen's right edge (what a phone would clip). */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>(sel)].flatMap((el) => {
      const box = el.getBoundingClientRect();
      const problems: string[] = [];
      const name = el.getAttribute('data-slug') ?? el.getAttribute('data-testid') ?? el.className;
      if (box.right > width + 0.5 || box.left < -0.5) problems.push(`${name}: spans ${Math.round(box.left)}–${Math.round(box.right)} of ${width}px`);
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: content ${el.scrollWidth}px in ${el.clientWidth}px`);
      return problems;
    });
  }, selector);
}

const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

test('[MOBILE][CATALOGUE]: cards fit the screen and the filters fold behind a button', async ({ page }) => {
  const learner = await newLearner();
  await storeSubmission(learner, SLUG, { status: 'GRADED', score: 0.5 });
  await signIn(page, learner);
  await page.goto('/');
  const cards = page.getByTestId('exercise-card');
  await expect(cards.first()).toBeVisible();
  expect(await overflowing(page, '[data-testid="exercise-card"], .site-header__inner, .catalogue-filters')).toEqual([]);
  const width = await pageWidth(page);
  expect(width.scroll).toBeLessThanOrEqual(width.client);

  const panel = page.getByTestId('filters-panel');
  const toggle = page.getByTestId('filters-toggle');
  await expect(panel).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel).toBeVisible();
  await page.locator('[data-difficulty="core"]').click();
  await expect(page).toHaveURL(/\?difficulty=core$/);
  await expect(toggle).toHaveText('Filters (1)');
  for (const badge of await cards.locator('.badge').all()) await expect(badge).toHaveText('core');
  expect(await overflowing(page, '[data-testid="exercise-card"], .catalogue-filters')).toEqual([]);
});

test('[MOBILE][EXERCISE]: a switch shows the statement or the code, and nothing is wider than the screen', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await page.goto(`/exercises/${SLUG}`);
  const statement = page.getByTestId('statement');
  const editor = page.getByTestId('code-editor');
  const show = (name: string) => page.getByRole('group', { name: 'Show on screen' }).getByRole('button', { name });

  await expect(statement).toBeVisible();
  await expect(editor).toBeHidden();
  await expect(show('Statement')).toHaveAttribute('aria-pressed', 'true');
  let width = await pageWidth(page);
  expect(width.scroll).toBeLessThanOrEqual(width.client);

  await show('Code').click();
  await expect(show('Code')).toHaveAttribute('aria-pressed', 'true');
  await expect(statement).toBeHidden();
  await expect(editor).toBeVisible();
  await expectEditorToContain(page, 'export');
  await expect(page.getByRole('button', { name: 'Submit' })).toBeVisible();
  width = await pageWidth(page);
  expect(width.scroll).toBeLessThanOrEqual(width.client);
  expect(await overflowing(page, '.editor-panel, .editor-panel__actions')).toEqual([]);

  await show('Statement').click();
  await expect(statement).toBeVisible();
  await expect(editor).toBeHidden();
});
