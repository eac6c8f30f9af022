// Lint rules shared by every workspace. Module boundaries: no deep imports into another
// workspace's internals (each workspace exposes one door: its package.json `exports`). The grader
// has two more: `/browser` (types of the in-browser check worker's messages) and `/probe-kit` (the
// helpers exercise probes.ts files import; the sandbox and the browser provide it at run time).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/src/generated/**', '**/public/**', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@tyinglab/*/*', '!@tyinglab/grader/checks', '!@tyinglab/grader/browser', '!@tyinglab/grader/probe-kit'], message: 'Import a workspace through its public entry only (no deep imports).' }],
      }],
    },
  },
);
