#!/usr/bin/env node
// Launcher for `npx grader ...`: runs src/cli/main.ts through tsx (workspaces ship TS source).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const main = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const tsxCli = require.resolve('tsx/cli');
const r = spawnSync(process.execPath, [tsxCli, main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
