// A learner's day on the site: progress everywhere, drafts that follow them, a numbered and paged
// history with a diff, feedback that agrees between the browser and the grader, and what a visitor
// without an account can read.
import { expect, test, type Page } from '@playwright/test';
import { loadExercises } from '@tyinglab/exercise-format';
import { exerciseFile, newLearner, signIn, typeIntoEditor } from './helpers';
import { editorText, expectDraftSaved, expectEditorToContain, storeCourse, storeSubmission } from './learner-fixtures';

const SLUG = 'tied-conv2d';
const byPosition = loadExercises().sort((a, b) => a.meta.position - b.meta.position || a.meta.slug.localeCompare(b.meta.slug));
const OTHER = byPosition.find((d) => d.meta.slug !== SLUG)!.meta;

const card = (page: Page, slug: string) => page.locator(`[data-testid="exercise-card"][data-slug="${slug}"]`);
const historyRow = (page: Page, id: string) => page.locator(`[data-testid="history-row"][data-submission-id="${id}"]`);

async function openExercise(page: Page, slug = SLUG): Promise<void> {
  await page.goto(`/exercises/${slug}`);
  await expect(page.getByTestId('code-editor').locator('.monaco-editor')).toBeVisible();
}

test('[LEARNER][PROGRESS]: the catalogue, the exercise page and /progress show solved marks, best scores, attempts and course assignments', async ({ page }) => {
  const learner = await newLearner();
  await storeSubmission(learner, SLUG, { status: 'GRADED', score: 1, minutesAgo: 90 });
  // Could not be graded: no attempt used.
  await storeSubmission(learner, SLUG, { status: 'NOT_GRADABLE', minutesAgo: 80 });
  await storeSubmission(learner, OTHER.slug, { status: 'GRADED', score: 0.4, minutesAgo: 70 });
  await storeSubmission(learner, OTHER.slug, { status: 'GRADED', score: 0.25, minutesAgo: 60 });
  const course = await storeCourse(learner, OTHER.slug);
  await storeSubmission(learner, OTHER.slug, { status: 'GRADED', score: 0.5, minutesAgo: 50, assignmentId: course.assignmentId });
  await signIn(page, learner);

  await page.goto('/');
  await expect(card(page, SLUG).getByTestId('card-progress')).toHaveText('✓ Solved · 1 attempt');
  await expect(card(page, SLUG).getByTestId('card-progress')).toHaveAttribute('data-solved', 'true');
  await expect(card(page, OTHER.slug).getByTestId('card-progress')).toHaveText('Best 50% · 3 attempts');
  const untouched = byPosition.find((d) => d.meta.slug !== SLUG && d.meta.slug !== OTHER.slug)!.meta.slug;
  await expect(card(page, untouched).getByTestId('card-progress')).toHaveText('Not started');
  // Not a newcomer any more: the introduction gives way to the list.
  await expect(page.getByTestId('introduction')).toHaveCount(0);

  await card(page, OTHER.slug).getByRole('link').click();
  await expect(page.getByTestId('exercise-progress')).toHaveText('Best 50% · 3 attempts');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My progress' }).click();
  await expect(page).toHaveURL(/\/progress$/);
  await expect(page.getByTestId('progress-summary')).toContainText(`Solved 1 of ${byPosition.length} exercises · 4 attempts in all`);
  const row = (slug: string) => page.locator(`[data-testid="progress-row"][data-slug="${slug}"]`);
  await expect(row(SLUG).getByTestId('progress-best')).toHaveText('100%');
  await expect(row(SLUG).getByTestId('progress-attempts')).toHaveText('1');
  await expect(row(SLUG)).toHaveAttribute('data-solved', 'true');
  await expect(row(SLUG).getByTestId('progress-state')).toHaveText('✓ Solved');
  await expect(row(OTHER.slug).getByTestId('progress-state')).toHaveText('Started');
  await expect(row(OTHER.slug).getByTestId('progress-best')).toHaveText('50%');
  await expect(row(OTHER.slug).getByTestId('progress-attempts')).toHaveText('3');
  await expect(row(untouched).getByTestId('progress-best')).toHaveText('—');
  const courseBlock = page.locator(`[data-testid="progress-course"][data-course-slug="${course.courseSlug}"]`);
  await expect(courseBlock.getByRole('heading', { name: course.title })).toBeVisible();
  const assignment = courseBlock.locator(`[data-testid="progress-assignment"][data-assignment-id="${course.assignmentId}"]`);
  await expect(assignment).toContainText('4 of 5 attempts left');
  await expect(assignment.getByTestId('progress-counted')).toHaveText('50%');
});

test('[LEARNER][DRAFTS]: the editor is saved as you type, survives a reload and a second device, and replacing it asks first and can be undone', async ({ page, browser }) => {
  const learner = await newLearner();
  const historyCode = "export const fromHistory = 'attempt one';\n";
  const attemptOne = await storeSubmission(learner, SLUG, { status: 'GRADED', score: 0.2, code: historyCode, minutesAgo: 120 });
  await signIn(page, learner);
  await openExercise(page);
  // A first visit after a submission opens on its code.
  await expectEditorToContain(page, 'fromHistory');
  await expectDraftSaved(page);

  const draftCode = "export const draft = 'typed on device one';\n";
  await typeIntoEditor(page, draftCode);
  await expect(page.getByTestId('draft-status')).not.toHaveAttribute('data-state', 'saved');
  await expectDraftSaved(page);
  const stored = await page.request.get(`/api/drafts/${SLUG}`);
  expect((await stored.json()).draft.code).toBe(draftCode);

  await page.reload();
  await expectEditorToContain(page, 'typed on device one');

  // A second device: the same account elsewhere opens on the same text.
  const device2 = await (await browser.newContext()).newPage();
  await signIn(device2, learner);
  await openExercise(device2);
  await expectEditorToContain(device2, 'typed on device one');

  // Loading a submission over text that is in no submission asks first; saying no changes nothing.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await historyRow(page, attemptOne).getByRole('button', { name: /^Load code/ }).click();
  await expect.poll(() => asked).toContain('none of your submissions');
  expect(await editorText(page)).toBe(draftCode);

  // Saying yes replaces it, and Undo brings it back.
  page.once('dialog', (d) => void d.accept());
  await historyRow(page, attemptOne).getByRole('button', { name: /^Load code/ }).click();
  await expect.poll(() => editorText(page)).toBe(historyCode);
  await expect(page.getByTestId('undo-bar')).toContainText('Loaded the code of attempt 1.');
  await page.getByTestId('undo-replace').click();
  await expect.poll(() => editorText(page)).toBe(draftCode);
  await expect(page.getByTestId('undo-bar')).toHaveCount(0);

  // The replacement is one step on Monaco's own undo stack too: Ctrl/⌘+Z in the editor undoes it.
  page.once('dialog', (d) => void d.accept());
  await historyRow(page, attemptOne).getByRole('button', { name: /^Load code/ }).click();
  await expect.poll(() => editorText(page)).toBe(historyCode);
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => editorText(page)).toBe(draftCode);
  await expectDraftSaved(page);

  // Reset to the starter asks too (the draft is in no submission), and can be undone.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect(page.getByTestId('undo-bar')).toContainText('Reset to the starter code.');
  expect(await editorText(page)).not.toContain('typed on device one');
  await page.getByTestId('undo-replace').click();
  await expect.poll(() => editorText(page)).toBe(draftCode);

  // Text from a submission is not lost by replacing it: no question asked.
  page.once('dialog', (d) => void d.accept());
  await historyRow(page, attemptOne).getByRole('button', { name: /^Load code/ }).click();
  await expect.poll(() => editorText(page)).toBe(historyCode);
  await expectDraftSaved(page);
  let askedAgain = false;
  page.once('dialog', (d) => {
    askedAgain = true;
    void d.accept();
  });
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect(page.getByTestId('undo-bar')).toContainText('Reset to the starter code.');
  expect(askedAgain).toBe(false);
  page.removeAllListeners('dialog');

  // Device two, back in focus with nothing unsaved, takes over what device one saved since.
  await expectDraftSaved(page);
  const latest = await editorText(page);
  await device2.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect.poll(() => editorText(device2)).toBe(latest);
  await expect(device2.getByTestId('undo-bar')).toContainText('saved on another device');
  await device2.context().close();
});

test('[LEARNER][HISTORY]: attempts are numbered, times have seconds, older pages load, and two versions can be compared', async ({ page }) => {
  const learner = await newLearner();
  const ids: string[] = [];
  // 23 submissions, oldest first; every fifth could not be graded (no attempt).
  for (let i = 0; i < 23; i++) {
    ids.push(
      await storeSubmission(learner, SLUG, {
        status: i % 5 === 0 ? 'NOT_GRADABLE' : 'GRADED',
        score: (i % 10) / 10,
        code: `// version ${i}\nexport const v = ${i};\n`,
        minutesAgo: 200 - i,
      }),
    );
  }
  await signIn(page, learner);
  await openExercise(page);

  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(20);
  // 23 submissions, 5 not graded: the newest is attempt 18.
  await expect(historyRow(page, ids[22]!).getByTestId('history-attempt')).toHaveText('Attempt 18');
  await expect(historyRow(page, ids[20]!).getByTestId('history-attempt')).toHaveText('Not counted');
  await expect(historyRow(page, ids[22]!).locator('time')).toHaveText(/\d{1,2}:\d{2}:\d{2}/);

  await page.getByTestId('history-older').click();
  await expect(rows).toHaveCount(23);
  await expect(page.getByTestId('history-older')).toHaveCount(0);
  await expect(historyRow(page, ids[1]!).getByTestId('history-attempt')).toHaveText('Attempt 1');
  await expect(historyRow(page, ids[0]!).getByTestId('history-attempt')).toHaveText('Not counted');

  // The editor opened on the newest submission: comparing it with the editor shows no difference.
  await historyRow(page, ids[22]!).getByRole('button', { name: /^Compare/ }).click();
  const panel = page.getByTestId('compare-panel');
  await expect(panel.getByTestId('compare-same')).toBeVisible();
  // Attempt 1 against the editor: Monaco's diff editor, one side each.
  await panel.getByTestId('compare-original').selectOption(ids[1]!);
  const diff = panel.locator('.monaco-diff-editor');
  await expect(diff).toBeVisible();
  await expect(diff.locator('.editor.original .view-lines')).toContainText(/v\s=\s1;/);
  await expect(diff.locator('.editor.modified .view-lines')).toContainText(/v\s=\s22;/);
  // Two submissions against each other.
  await panel.getByTestId('compare-modified').selectOption(ids[7]!);
  await expect(diff.locator('.editor.modified .view-lines')).toContainText(/v\s=\s7;/);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
});

test('[LEARNER][FEEDBACK]: while grading, the history row says what the result panel says; type errors are a warning beside a 100% verdict; the training chart is labelled', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await openExercise(page);
  const solution = exerciseFile(SLUG, 'solution.ts');
  const slipLine = solution.split('\n').length + 1;
  await typeIntoEditor(page, `${solution}\nexport const typeSlip: number = 'not a number';\n`);
  const markers = () =>
    page.evaluate(() => (window as unknown as { monaco: { editor: { getModelMarkers(f: object): { message: string }[] } } }).monaco.editor.getModelMarkers({}).map((m) => m.message));
  await expect.poll(markers, { timeout: 30_000 }).toContainEqual(expect.stringContaining("is not assignable to type 'number'"));

  // Record, on every change of the page, what the result panel and the followed row say.
  await page.evaluate(() => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [];
    const sample = () => {
      const panel = document.querySelector('[data-testid="result-panel"]')?.getAttribute('data-status');
      const row = document.querySelector('[data-testid="history-row"][aria-current="true"] [data-testid="history-status"]')?.textContent;
      const label = document.querySelector('[data-testid="submission-status"]')?.textContent ?? document.querySelector('[data-testid="verdict"]')?.textContent;
      if (panel && row) w.__seen.push(`${panel}|${row}|${label ?? ''}`);
    };
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.getByTestId('score')).toHaveText('100%');

  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  const rowFor: Record<string, string> = { QUEUED: 'Waiting in the queue', RUNNING: 'Running…', GRADED: 'Graded' };
  const disagreements = seen.filter((s) => {
    const [panel, row] = s.split('|') as [string, string];
    return panel in rowFor && row !== rowFor[panel];
  });
  expect(seen.some((s) => s.startsWith('QUEUED|') || s.startsWith('RUNNING|'))).toBe(true);
  expect(disagreements).toEqual([]);
  await expect(page.locator('[data-testid="history-row"][aria-current="true"] [data-testid="history-attempt"]')).toHaveText('Attempt 1');

  // The type error: a warning with its line, beside a verdict it did not change.
  const warning = page.getByTestId('type-warnings');
  await expect(warning).toContainText('1 type error in the code you submitted');
  await expect(warning).toContainText(`line ${slipLine}`);
  await expect(warning).toContainText("is not assignable to type 'number'");

  // Every plot a check declared is drawn with its axis labels and its series named in the legend.
  const view = await (await page.request.get(`/api/submissions/${await page.locator('[data-testid="history-row"][aria-current="true"]').getAttribute('data-submission-id')}`)).json();
  const plotted = (view.checks as { name: string; plots: { title: string; xLabel: string; yLabel: string; series: { name: string; style?: string }[] }[] }[]).filter((c) => c.plots.length > 0);
  expect(plotted.length).toBeGreaterThan(0);
  for (const check of plotted) {
    const row = page.locator(`[data-testid="check-row"][data-check-name="${check.name}"]`);
    await row.locator('summary', { hasText: 'Details' }).click();
    for (const [i, plot] of check.plots.entries()) {
      const figure = row.getByTestId('plot').nth(i);
      await expect(figure.locator('figcaption')).toHaveText(plot.title);
      await expect(figure.locator('.chart__x-label')).toHaveText(plot.xLabel);
      await expect(figure.locator('.chart__y-label')).toHaveText(plot.yLabel);
      await expect(figure.locator('.chart__legend li')).toHaveText(plot.series.map((s) => s.name));
      for (const s of plot.series) {
        const lines = figure.locator(`polyline[data-series="${s.name}"]`);
        if ((await lines.count()) === 0) continue; // a series of gaps only draws nothing
        if (s.style === 'dashed') await expect(lines.first()).toHaveAttribute('stroke-dasharray', /\d/);
        else await expect(lines.first()).not.toHaveAttribute('stroke-dasharray', /./);
      }
    }
  }
});

test('[LEARNER][FEEDBACK]: the browser and the grader name the same line for an error; the visible checks go stale when the code changes', async ({ page }) => {
  const learner = await newLearner();
  await signIn(page, learner);
  await openExercise(page);

  const throwsInApply = [
    "import * as tf from '@tensorflow/tfjs';",
    'export function createTiedConv2d() {',
    "  const kernel = tf.variable(tf.zeros([3, 3, 3, 16]), true, 'k');",
    '  return {',
    '    weights: () => ({ kernel }),',
    "    apply: () => { throw new Error('not written yet'); },",
    '  };',
    '}',
    '',
  ].join('\n');
  await typeIntoEditor(page, throwsInApply);
  await page.getByTestId('run-visible-checks').click();
  const browserRow = page.locator('[data-testid="browser-check-row"][data-check-name="translation-equivariance"]');
  await expect(browserRow).toHaveAttribute('data-passed', 'false');
  await expect(browserRow.getByTestId('check-message')).toContainText('submission.ts line 6');
  await expect(page.getByTestId('browser-checks')).toHaveAttribute('data-stale', 'false');

  // Edit the code: the panel says its results are about an older version, until they run again.
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('// edited\n');
  await expect(page.getByTestId('browser-checks')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('browser-checks-stale')).toContainText('Your code changed since these checks ran');
  await page.getByTestId('browser-checks-stale').getByRole('button', { name: 'Run them again' }).click();
  await expect(browserRow).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('browser-checks')).toHaveAttribute('data-stale', 'false');

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 90_000 });
  await expect(page.locator('[data-testid="check-row"][data-check-name="translation-equivariance"] [data-testid="check-message"]')).toContainText('submission.ts line 6');

  // A throw while the module loads: line 4 in both.
  await typeIntoEditor(page, ["import * as tf from '@tensorflow/tfjs';", '', '// set-up that goes wrong:', "throw new Error('broken while loading');", 'export const createTiedConv2d = () => tf;', ''].join('\n'));
  await page.getByTestId('run-visible-checks').click();
  await expect(page.getByTestId('browser-checks-message')).toContainText('submission.ts line 4');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict')).toHaveText(/NOT_GRADABLE/, { timeout: 90_000 });
  await expect(page.getByTestId('verdict-message')).toContainText('submission.ts line 4');
});

test('[VISITOR][LANDING]: a newcomer reads an introduction, searches and filters with the state in the address, and reads statements without an account', async ({ page }) => {
  await page.goto('/');
  const intro = page.getByTestId('introduction');
  await expect(intro).toContainText('What is parameter tying?');
  await expect(intro).toContainText('What is a check?');
  const first = byPosition.find((d) => d.meta.difficulty === 'intro') ?? byPosition[0]!;
  await expect(intro.getByRole('link', { name: first.meta.title })).toHaveAttribute('href', `/exercises/${first.meta.slug}`);

  const cards = page.getByTestId('exercise-card');
  await expect(cards).toHaveCount(byPosition.length);
  await page.getByTestId('catalogue-search').fill('equivariance');
  await expect(page).toHaveURL(/\?q=equivariance$/);
  const matching = byPosition.filter((d) => `${d.meta.title} ${d.meta.summary} ${d.meta.concepts.join(' ')}`.toLowerCase().includes('equivariance'));
  expect(matching.length).toBeGreaterThan(0);
  await expect(cards).toHaveCount(matching.length);
  await page.locator('[data-difficulty="advanced"]').click();
  await expect(page).toHaveURL(/\?q=equivariance&difficulty=advanced$/);
  const both = matching.filter((d) => d.meta.difficulty === 'advanced');
  await expect(cards).toHaveCount(both.length);
  await expect(page.getByTestId('catalogue-count')).toContainText(`${both.length} of ${byPosition.length} exercises`);

  // The address restores the list, as a bookmark or a shared link would.
  await page.reload();
  await expect(page.getByTestId('catalogue-search')).toHaveValue('equivariance');
  await expect(page.locator('[data-difficulty="advanced"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(cards).toHaveCount(both.length);
  const concept = byPosition[0]!.meta.concepts[0]!;
  await page.goto(`/?concept=${concept}&difficulty=nonsense`);
  await expect(cards).toHaveCount(byPosition.filter((d) => d.meta.concepts.includes(concept)).length);
  await expect(page.locator(`[data-concept="${concept}"]`)).toHaveAttribute('aria-pressed', 'true');

  // Statements are for everyone; submitting needs an account.
  await page.goto('/exercises/rnn-tied-bptt');
  await expect(page.getByTestId('statement')).toContainText('backprop');
  await expect(page.getByTestId('guest-note')).toBeVisible();
  await expect(page.getByTestId('signin-to-submit')).toHaveAttribute('href', '/signin?next=%2Fexercises%2Frnn-tied-bptt');
  await expect(page.getByRole('button', { name: 'Submit' })).toHaveCount(0);
  // The statement's own section and the page's list of checks no longer share a heading.
  await expect(page.getByRole('heading', { name: 'How it is graded' })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Checks and points' })).toHaveCount(1);
});
