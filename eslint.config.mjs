// Lint rules shared by every workspace. Module boundaries: no deep imports into another
// workspace's internals (each workspace exposes one door: its package.json `exports`). The one
// second door, `@tyinglab/grader/browser`, holds the types of the in-browser check worker's messages.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/src/generated/**', '**/public/**', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@tyinglab/*/*', '!@tyinglab/grader/browser'], message: 'Import a workspace through its public entry only (no deep imports).' }],
      }],
    },
  },
);
