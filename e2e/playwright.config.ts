// End-to-end tests: the real site and a real grader worker (started exactly as `npm start` does,
// on a fresh SQLite database of their own), driven in Debian's Chromium.
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
export const E2E_DB_FILE = path.join(os.tmpdir(), `tyinglab-e2e-${E2E_PORT}.db`);
const CI = process.env.CI === 'true' || process.env.CI === '1';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // A fresh database every run: the server creates, migrates and seeds it on start.
    command: `rm -f ${E2E_DB_FILE} ${E2E_DB_FILE}-wal ${E2E_DB_FILE}-shm && node ../scripts/start.mjs`,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PORT: String(E2E_PORT), DATABASE_URL: `file:${E2E_DB_FILE}`, GRADER_WORKERS: '1' },
  },
});
