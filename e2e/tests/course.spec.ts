// A course from both sides: an instructor signs up (sign-up makes learners; the instructor role is an
// administrator's to give, which the test does in the database as POST /api/admin/roles would), creates
// a course and an assignment with a deadline; two students sign up, join by code and submit from the
// assignment page; the instructor's course page then shows their counted scores.
import crypto from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { exerciseFile, exerciseMeta, siteDb, typeIntoEditor } from './helpers';

const SLUG = 'tied-conv2d';

interface Person {
  page: Page;
  email: string;
  name: string;
}

async function signUp(browser: Browser, name: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${crypto.randomBytes(4).toString('hex')}@e2e.test`;
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup/);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('course-e2e-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(name);
  return { page, email, name };
}

/** A datetime-local value `days` from now, in the browser's own time zone (as a person would type it). */
async function localInputValue(page: Page, days: number): Promise<string> {
  return page.evaluate((d) => {
    const t = new Date(Date.now() + d * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
  }, days);
}

test('[INSTRUCTOR][COURSE]: an instructor creates a course and a deadline; two students join by code and submit; the course page shows their scores', async ({ browser }) => {
  test.setTimeout(300_000);
  const courseSlug = `e2e-${crypto.randomBytes(3).toString('hex')}`;

  // The instructor signs up as everyone does, then is given the instructor role.
  const teacher = await signUp(browser, 'Prof Tying');
  await teacher.page.goto('/courses');
  await expect(teacher.page.getByRole('heading', { name: 'Create a course' })).toHaveCount(0);
  await siteDb().user.update({ where: { email: teacher.email }, data: { role: 'INSTRUCTOR' } });
  await teacher.page.reload();

  await teacher.page.getByLabel('Title').fill('Weight sharing, E2E');
  await teacher.page.getByLabel('Address').fill(courseSlug);
  await teacher.page.getByRole('button', { name: 'Create course' }).click();
  await expect(teacher.page).toHaveURL(new RegExp(`/courses/${courseSlug}$`));
  await expect(teacher.page.getByRole('heading', { name: 'Weight sharing, E2E' })).toBeVisible();
  const joinCode = (await teacher.page.getByTestId('join-code').textContent())!.trim();
  expect(joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // An assignment due in two days, 3 attempts.
  const form = teacher.page.getByRole('form', { name: 'Create an assignment' });
  await form.getByLabel('Exercise').selectOption(SLUG);
  await form.getByLabel('Due (optional)').fill(await localInputValue(teacher.page, 2));
  await form.getByLabel('Submission cap (optional)').fill('3');
  await form.getByRole('button', { name: 'Create assignment' }).click();
  const row = teacher.page.locator(`[data-testid="assignment-row"][data-exercise-slug="${SLUG}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Open');

  // Bad input is refused with a clear message and creates nothing.
  await form.getByLabel('Exercise').selectOption(SLUG);
  await form.getByRole('button', { name: 'Create assignment' }).click();
  await expect(teacher.page.getByTestId('assignment-error')).toContainText('already has an assignment');
  await expect(teacher.page.getByTestId('assignment-row')).toHaveCount(1);

  // Two students sign up, join by code (once; a second time is refused clearly) and submit.
  const ada = await signUp(browser, 'Ada Student');
  const ben = await signUp(browser, 'Ben Student');
  for (const s of [ada, ben]) {
    await s.page.getByRole('link', { name: 'My courses' }).click();
    await s.page.getByLabel('Join code').fill(joinCode.toLowerCase());
    await s.page.getByRole('button', { name: 'Join course' }).click();
    await expect(s.page).toHaveURL(new RegExp(`/courses/${courseSlug}$`));
    await expect(s.page.getByTestId('course-page')).toHaveAttribute('data-standing', 'STUDENT');
    // Students see assignments, never the roster or the join code.
    await expect(s.page.getByTestId('roster')).toHaveCount(0);
    await expect(s.page.getByTestId('join-code')).toHaveCount(0);
  }
  await ada.page.goto('/courses');
  await ada.page.getByLabel('Join code').fill(joinCode);
  await ada.page.getByRole('button', { name: 'Join course' }).click();
  await expect(ada.page.getByTestId('join-error')).toHaveText('You are already in "Weight sharing, E2E".');
  await ada.page.getByLabel('Join code').fill('ZZZZ-ZZZZ');
  await ada.page.getByRole('button', { name: 'Join course' }).click();
  await expect(ada.page.getByTestId('join-error')).toContainText('No course has the join code "ZZZZ-ZZZZ"');

  const submitFromAssignment = async (s: Person, code: string | null) => {
    await s.page.goto(`/courses/${courseSlug}`);
    await s.page.getByRole('link', { name: /tied/i }).first().click();
    await expect(s.page.getByTestId('assignment-banner')).toHaveAttribute('data-state', 'OPEN');
    await expect(s.page.getByTestId('attempts-left')).toHaveText('3 of 3 attempts left');
    await expect(s.page.getByTestId('time-left')).toHaveText(/^(1 day 23 hours|2 days) left$/);
    await expect(s.page.getByTestId('code-editor').locator('.view-lines')).toContainText('export');
    if (code !== null) await typeIntoEditor(s.page, code);
    await s.page.getByRole('button', { name: 'Submit' }).click();
    await expect(s.page.getByTestId('verdict')).toHaveText(/GRADED/, { timeout: 120_000 });
    // The banner follows the verdict: one attempt used, the counted score shown.
    await expect(s.page.getByTestId('attempts-left')).toHaveText('2 of 3 attempts left');
    return (await s.page.getByTestId('score').textContent())!.trim();
  };
  expect(await submitFromAssignment(ada, exerciseFile(SLUG, 'solution.ts'))).toBe('100%');
  const benScore = await submitFromAssignment(ben, null);
  expect(Number.parseFloat(benScore)).toBeLessThan(100);
  await expect(ada.page.getByTestId('counted-score')).toHaveText('100%');

  // The submissions were recorded for the assignment.
  const assignment = await siteDb().assignment.findFirstOrThrow({ where: { course: { slug: courseSlug } } });
  expect(await siteDb().submission.count({ where: { assignmentId: assignment.id } })).toBe(2);

  // A student cannot read another student's code; the instructor can.
  const benSubmission = await siteDb().submission.findFirstOrThrow({ where: { assignmentId: assignment.id, user: { email: ben.email } } });
  expect((await ada.page.request.get(`/api/submissions/${benSubmission.id}`)).status()).toBe(404);
  expect((await teacher.page.request.get(`/api/submissions/${benSubmission.id}`)).status()).toBe(200);

  // The instructor's course page shows both students' counted scores.
  await teacher.page.reload();
  const adaRow = teacher.page.locator(`[data-testid="score-row"][data-student-email="${ada.email}"]`);
  const benRow = teacher.page.locator(`[data-testid="score-row"][data-student-email="${ben.email}"]`);
  await expect(adaRow.getByTestId('score-cell')).toContainText('100%');
  await expect(benRow.getByTestId('score-cell')).toContainText(benScore);
  await expect(teacher.page.locator('[data-testid="roster-row"][data-role="STUDENT"]')).toHaveCount(2);

  // The assignment's dashboard: both students, every check's pass rate, nothing waiting.
  await row.getByRole('link', { name: 'Dashboard' }).click();
  await expect(teacher.page.getByTestId('dashboard-row')).toHaveCount(2);
  await expect(teacher.page.getByTestId('check-rate')).toHaveCount(exerciseMeta(SLUG).checks.length);
  await expect(teacher.page.getByTestId('queue-state')).toHaveText('0 waiting (0 of them regrades) · 0 being graded');

  // The gradebook export agrees.
  const csv = await teacher.page.request.get(`/api/courses/${courseSlug}/gradebook.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  const lines = (await csv.text()).split('\r\n');
  expect(lines.find((l) => l.includes(ada.email))).toMatch(/,100$/);
  expect((await ada.page.request.get(`/api/courses/${courseSlug}/gradebook.csv`)).status()).toBe(403);

  for (const p of [teacher, ada, ben]) await p.page.context().close();
});
