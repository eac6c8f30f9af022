// Shared helpers for the end-to-end tests: each test creates its own learner in the site's database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { isTerminalStatus } from '@tyinglab/contract';
import { createUser } from '@tyinglab/db';
import { createDb, type Db } from '@tyinglab/db/client';
import { exercisesRoot } from '@tyinglab/exercise-format';
import { E2E_DB_FILE } from '../playwright.config';

let db: Db | null = null;
export function siteDb(): Db {
  db ??= createDb(`file:${E2E_DB_FILE}`);
  return db;
}

export interface Learner {
  email: string;
  password: string;
  id: string;
}

export async function newLearner(): Promise<Learner> {
  const email = `learner-${crypto.randomBytes(4).toString('hex')}@e2e.test`;
  const password = 'e2e-password-123';
  const user = await createUser({ email, displayName: 'E2E Learner', password }, siteDb());
  return { email, password, id: user.id };
}

export async function signIn(page: Page, learner: Learner): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('E2E Learner')).toBeVisible();
}

/** Signs in through the API; the request context keeps the session cookie. */
export async function signInApi(request: APIRequestContext, learner: Learner): Promise<void> {
  const res = await request.post('/api/auth/signin', { data: { email: learner.email, password: learner.password } });
  expect(res.ok()).toBeTruthy();
}

export function exerciseFile(slug: string, file: string): string {
  return fs.readFileSync(path.join(exercisesRoot(), slug, file), 'utf8');
}

export function exerciseMeta(slug: string): { checks: { name: string; visibility: string }[]; limits: { timeMs: number } } {
  return JSON.parse(exerciseFile(slug, 'exercise.json'));
}

/** Replaces the editor's whole content by typing, as a learner pasting their code would. */
export async function typeIntoEditor(page: Page, code: string): Promise<void> {
  const editor = page.getByTestId('code-editor');
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Waits for a submission to reach a terminal status, through the API. */
export async function waitForVerdict(request: APIRequestContext, id: string, timeoutMs = 90_000): Promise<{ status: string; score: number | null; message: string | null; reason: string | null; checks: { name: string; passed: boolean }[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request.get(`/api/submissions/${id}`);
    expect(res.status()).toBe(200);
    const body = await res.json();
    const view = body.submission ?? body;
    if (isTerminalStatus(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`submission ${id} still ${view.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
