// Lint rules shared by every workspace (each lints its whole folder: sources, tests, scripts and
// configs; the root's own files by `npm run lint:repo`).
//
// Module boundaries: no deep imports into another workspace's internals; a workspace is entered
// through its package.json `exports` only. Besides each main entry these are: @tyinglab/db/client
// (the raw client, for processes that open or close connections) and @tyinglab/db/testing
// (throwaway databases for tests); @tyinglab/grader/checks (the check library exercise content
// builds on), /browser (types of the in-browser check worker's messages) and /probe-kit (the helpers
// exercise probes.ts files import; the sandbox and the browser provide it at run time). Which
// workspace may import which is checked by dependency-cruiser (.dependency-cruiser.cjs).
//
// Settings: process.env is read in one module per workspace, parsed once and handed out typed.
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ENV_MODULES = [
  'web/src/env.ts',
  'prisma/src/env.ts',
  'grader/src/config.ts',
  'e2e/playwright.config.ts',
  // Node scripts cannot import the TypeScript env modules; these two start processes with it.
  'scripts/start.mjs',
  'prisma/scripts/generate.mjs',
];
const ENV_MESSAGE = `Read settings in this workspace's env module (${ENV_MODULES.slice(0, 4).join(', ')}) and import them from there.`;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/dist/**',
      '**/src/generated/**',
      '**/public/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '**/next-env.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'process', importNames: ['env'], message: ENV_MESSAGE },
          { name: 'node:process', importNames: ['env'], message: ENV_MESSAGE },
        ],
        patterns: [{
          group: ['@tyinglab/*/*', '!@tyinglab/db/client', '!@tyinglab/db/testing', '!@tyinglab/grader/checks', '!@tyinglab/grader/browser', '!@tyinglab/grader/probe-kit'],
          message: 'Import a workspace through its package.json `exports` only (no deep imports).',
        }],
      }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
    },
  },
  { files: ENV_MODULES, rules: { 'no-restricted-properties': 'off' } },
  // Plain JavaScript (scripts, configs) has no type checker behind it: undefined names are errors.
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
    rules: { 'no-undef': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { 'no-undef': 'error', '@typescript-eslint/no-require-imports': 'off' },
  },
);
