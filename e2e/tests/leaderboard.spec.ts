// Course leaderboards end to end: an instructor's course with one assignment; three students pick
// their board names and submit through the site, graded by the real worker, in an order that makes
// a tie (Ada and Ben both 100 %, Ada first). A fourth page, left open on the board, follows it live
// (no reload); Ben leaves the board and disappears for the others while still seeing his own place;
// the instructor hides the board and the students read that it is hidden by the instructor.
import crypto from 'node:crypto';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { exerciseFile, newLearner, signInApi, siteDb, waitForVerdict, type Learner } from './helpers';

const SLUG = 'tied-conv2d';

interface Member {
  learner: Learner;
  context: BrowserContext;
  page: Page;
}

async function member(browser: Browser, learner: Learner): Promise<Member> {
  const context = await browser.newContext();
  await signInApi(context.request, learner);
  return { learner, context, page: await context.newPage() };
}

test('[LEADERBOARD][LIVE]: ranks a tie by time, updates live, leaves out an opted-out learner, and can be hidden', async ({ browser }) => {
  test.setTimeout(420_000);
  const courseSlug = `board-${crypto.randomBytes(3).toString('hex')}`;
  const courseTitle = 'Boards, E2E';

  // The instructor (given the role in the database, as an administrator would) makes the course.
  const teacherLearner = await newLearner();
  await siteDb().user.update({ where: { id: teacherLearner.id }, data: { role: 'INSTRUCTOR' } });
  const teacher = await member(browser, teacherLearner);
  const created = await teacher.context.request.post('/api/courses', { data: { title: courseTitle, slug: courseSlug } });
  expect(created.status()).toBe(201);
  const { joinCode } = (await created.json()) as { joinCode: string };
  const made = await teacher.context.request.post(`/api/courses/${courseSlug}/assignments`, { data: { exerciseSlug: SLUG } });
  expect(made.status()).toBe(201);
  const assignmentId = (await siteDb().assignment.findFirstOrThrow({ where: { course: { slug: courseSlug } } })).id;
  const boardPath = `/courses/${courseSlug}/assignments/${assignmentId}/leaderboard`;

  // Three students join; Ben and Cyd name themselves through the API, Ada through the page's form.
  const ada = await member(browser, await newLearner());
  const ben = await member(browser, await newLearner());
  const cyd = await member(browser, await newLearner());
  for (const s of [ada, ben, cyd]) expect((await s.context.request.post('/api/courses/join', { data: { joinCode } })).status()).toBe(200);
  expect((await ben.context.request.post(`/api/courses/${courseSlug}/leaderboard/me`, { data: { name: 'Ben Tie' } })).status()).toBe(200);
  expect((await cyd.context.request.post(`/api/courses/${courseSlug}/leaderboard/me`, { data: { name: 'Cyd Low' } })).status()).toBe(200);
  // Taking another learner's name, whatever the case, is refused.
  const taken = await cyd.context.request.post(`/api/courses/${courseSlug}/leaderboard/me`, { data: { name: 'ben TIE' } });
  expect(taken.status()).toBe(409);

  // Ada reaches the board from the assignment page (the exercise as the course shows it).
  await ada.page.goto(`/courses/${courseSlug}/assignments/${assignmentId}`);
  await ada.page.getByTestId('assignment-leaderboard-link').click();
  await expect(ada.page).toHaveURL(new RegExp(`${boardPath}$`));
  await expect(ada.page.getByTestId('leaderboard-empty')).toBeVisible();
  await ada.page.getByLabel('Name on the leaderboards').fill('Ada Tie');
  await ada.page.getByRole('button', { name: 'Use this name' }).click();
  await expect(ada.page.getByTestId('my-board-name')).toHaveText('Ada Tie');

  // The watcher: Cyd's board, open from before anything is graded, never reloaded.
  const watcher = await cyd.context.newPage();
  await watcher.goto(boardPath);
  await expect(watcher.getByTestId('live-leaderboard')).toHaveAttribute('data-live', 'true');
  await watcher.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
  const names = watcher.getByTestId('leaderboard-name');

  const submit = async (s: Member, code: string) => {
    const res = await s.context.request.post('/api/submissions', { data: { exerciseSlug: SLUG, code, assignmentId } });
    expect(res.status()).toBe(202);
    return waitForVerdict(s.context.request, ((await res.json()) as { id: string }).id, 180_000);
  };
  const solution = exerciseFile(SLUG, 'solution.ts');
  expect(await submit(ada, solution)).toMatchObject({ status: 'GRADED', score: 1 });
  await expect(names).toHaveText([/^Ada Tie/]);
  expect((await submit(cyd, exerciseFile(SLUG, 'starter.ts'))).score).toBeLessThan(1);
  expect(await submit(ben, solution)).toMatchObject({ status: 'GRADED', score: 1 });
  // Ben equals Ada's score but reached it later: second.
  await expect(names).toHaveText([/^Ada Tie$/, /^Ben Tie$/, /^Cyd Low \(you\)$/]);
  await expect(watcher.getByTestId('leaderboard-row').first()).toHaveAttribute('data-rank', '1');
  await expect(watcher.getByTestId('leaderboard-row').nth(1)).toHaveAttribute('data-rank', '2');
  await expect(watcher.getByTestId('rank-for-me')).toHaveText('You are 3rd of 3.');
  // The exercise's trusted metric sits next to the score, with its unit and explanation.
  await expect(watcher.getByTestId('metric-explanation')).toContainText('relative error');
  await expect(watcher.getByTestId('leaderboard-metric').first()).toHaveText(/\d/);
  expect(await watcher.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

  // The API agrees, in the contract's shape.
  const api = await cyd.context.request.get(`/api/courses/${courseSlug}/leaderboard?assignment=${assignmentId}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { rows: { rank: number; name: string; score: number }[] };
  expect(body.rows.map((r) => [r.rank, r.name, r.score])).toEqual([
    [1, 'Ada Tie', 1],
    [2, 'Ben Tie', 1],
    [3, 'Cyd Low', expect.any(Number)],
  ]);

  // Ben leaves the board from his page: the others stop seeing him (live); he still sees his place.
  await ben.page.goto(boardPath);
  await ben.page.getByTestId('board-opt-out').click();
  await expect(ben.page.getByTestId('rank-for-me')).toHaveText('You are 2nd of 3. Only you see your place: you left this leaderboard.');
  await expect(ben.page.getByTestId('leaderboard-name')).toHaveText([/^Ada Tie$/, /^Ben Tie \(you\)$/, /^Cyd Low$/]);
  await expect(names).toHaveText([/^Ada Tie$/, /^Cyd Low \(you\)$/]);
  await expect(watcher.getByTestId('rank-for-me')).toHaveText('You are 2nd of 2.');
  // Staff see everyone, under their real names.
  const staffView = (await (await teacher.context.request.get(`/api/courses/${courseSlug}/leaderboard?assignment=${assignmentId}`)).json()) as { rows: { name: string; optedOut: boolean }[] };
  expect(staffView.rows.map((r) => [r.name, r.optedOut])).toEqual([
    ['E2E Learner', false],
    ['E2E Learner', true],
    ['E2E Learner', false],
  ]);

  // The instructor hides the board: the students' open pages say so, as does the API.
  await teacher.page.goto(boardPath);
  await teacher.page.getByTestId('board-hide').click();
  await expect(teacher.page.getByTestId('leaderboard-hidden-note')).toBeVisible();
  const hidden = `The leaderboard of "${courseTitle}" is hidden by the instructor.`;
  await expect(watcher.getByTestId('leaderboard-hidden')).toHaveText(hidden);
  await ada.page.reload();
  await expect(ada.page.getByTestId('leaderboard-hidden')).toHaveText(hidden);
  const refused = await ada.context.request.get(`/api/courses/${courseSlug}/leaderboard`);
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(hidden);
  expect(await watcher.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

  for (const m of [teacher, ada, ben, cyd]) await m.context.close();
});
