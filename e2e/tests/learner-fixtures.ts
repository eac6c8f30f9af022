// Fixtures for the learner's-day tests: submissions and courses written straight into the site's
// database (as the grader and an instructor would leave them), and the editor's text read from Monaco.
import crypto from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import type { Learner } from './helpers';
import { siteDb } from './helpers';

export interface StoredCheck {
  name: string;
  title: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  message: string;
  visibility?: 'VISIBLE' | 'HIDDEN';
  details?: unknown;
}

/**
 * A finished (or, with a lease held by nobody real, running) submission of `learner`, made
 * `minutesAgo` minutes ago. Never QUEUED: the site's grader worker would pick that up.
 */
export async function storeSubmission(
  learner: Learner,
  slug: string,
  options: { status: 'GRADED' | 'NOT_GRADABLE' | 'RUNNING'; score?: number | null; code?: string; minutesAgo?: number; checks?: StoredCheck[]; assignmentId?: string },
): Promise<string> {
  const db = siteDb();
  const exercise = await db.exercise.findUniqueOrThrow({ where: { slug } });
  const createdAt = new Date(Date.now() - (options.minutesAgo ?? 60) * 60_000);
  const row = await db.submission.create({
    data: {
      userId: learner.id,
      exerciseId: exercise.id,
      code: options.code ?? `// stored ${crypto.randomBytes(3).toString('hex')}\n`,
      status: options.status,
      score: options.status === 'GRADED' ? (options.score ?? 0) : null,
      reason: options.status === 'NOT_GRADABLE' ? 'COMPILE_ERROR' : null,
      message: options.status === 'NOT_GRADABLE' ? 'Your code does not compile: submission.ts:1:1 - Unexpected token' : null,
      exerciseContentHash: exercise.contentHash,
      createdAt,
      finishedAt: options.status === 'RUNNING' ? null : new Date(createdAt.getTime() + 5_000),
      // A lease far in the future held by no worker: the site's worker leaves a RUNNING row alone.
      ...(options.status === 'RUNNING' ? { leaseOwner: 'e2e-nobody', leaseExpiresAt: new Date(Date.now() + 3_600_000), startedAt: createdAt } : {}),
      ...(options.assignmentId ? { assignmentId: options.assignmentId } : {}),
      checkResults: options.checks
        ? { create: options.checks.map((c, position) => ({ position, ...c, visibility: c.visibility ?? 'VISIBLE', details: (c.details ?? undefined) as never })) }
        : undefined,
    },
  });
  return row.id;
}

/** A course with `learner` as its student and an assignment of `slug`; its owner is a fresh instructor. */
export async function storeCourse(learner: Learner, slug: string): Promise<{ courseSlug: string; title: string; assignmentId: string }> {
  const db = siteDb();
  const tag = crypto.randomBytes(3).toString('hex');
  const owner = await db.user.create({ data: { email: `owner-${tag}@e2e.test`, displayName: 'E2E Owner', passwordHash: 'not-a-hash', role: 'INSTRUCTOR' } });
  const exercise = await db.exercise.findUniqueOrThrow({ where: { slug } });
  const course = await db.course.create({
    data: {
      slug: `learner-day-${tag}`,
      title: `Weight sharing ${tag}`,
      joinCode: `E2E${tag}`.toUpperCase(),
      ownerId: owner.id,
      enrollments: { create: [{ userId: owner.id, role: 'INSTRUCTOR' }, { userId: learner.id, role: 'STUDENT' }] },
    },
  });
  const assignment = await db.assignment.create({ data: { courseId: course.id, exerciseId: exercise.id, maxSubmissions: 5, dueAt: new Date(Date.now() + 7 * 86_400_000) } });
  return { courseSlug: course.slug, title: course.title, assignmentId: assignment.id };
}

/** The learner's file as Monaco holds it (the view only renders visible lines). */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const monaco = (window as unknown as { monaco?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }).monaco;
    const model = monaco?.editor.getModels().find((m) => m.uri.path.endsWith('submission.ts'));
    return model ? model.getValue() : '';
  });
}

/** Waits for the editor, then for its text to contain `text`. */
export async function expectEditorToContain(page: Page, text: string): Promise<void> {
  await expect(page.getByTestId('code-editor').locator('.monaco-editor')).toBeVisible();
  await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain(text);
}

export async function expectDraftSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect(page.getByTestId('draft-status')).toHaveText('Saved');
}
