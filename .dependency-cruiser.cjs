// Module boundaries between the workspaces, checked by `npm run lint:repo` (part of `npm test` and
// `npm run lint`). What a workspace may import is read from its package.json, so declaring a
// dependency there is what allows it; the layering below says which declarations are legal at all.
// Type-only imports count: a boundary holds for types as much as for code.
const fs = require('node:fs');
const path = require('node:path');

const { workspaces } = require('./package.json');

/** Each workspace folder with the names its package.json declares (any kind of dependency). */
const manifests = workspaces.map((dir) => {
  const m = JSON.parse(fs.readFileSync(path.join(__dirname, dir, 'package.json'), 'utf8'));
  return { dir, name: m.name, declares: Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies }) };
});
const inDirs = (dirs) => `^(${dirs.join('|')})/`;

// Lower layers never import higher ones. The exercise folders are content on top of the grader's
// check library; the site and the end-to-end tests sit beside this stack (rules of their own below).
const layers = ['contract', 'exercise-format', 'prisma', 'grader', 'exercises'];

const TESTS = '(\\.test\\.tsx?|\\.spec\\.ts|/jest-global-setup\\.ts)$|^e2e/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle: split the shared part into a module both sides import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, a path no package.json `exports` opens, or an uninstalled package.',
      from: {},
      to: {
        couldNotResolve: true,
        // Provided by the bundlers: `server-only` by Next.js, the visible-checks registry by the
        // esbuild plugin in grader/src/browser/build-browser.ts.
        pathNot: ['^server-only$', '^tyinglab:visible-registry$'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: "An npm package the importing workspace's package.json does not declare (hoisting makes it resolve anyway; declare it).",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    ...manifests.map((ws) => ({
      name: `no-undeclared-workspace(${ws.name})`,
      severity: 'error',
      comment: `${ws.dir}/ imports a workspace its package.json does not declare.`,
      from: { path: `^${ws.dir}/` },
      to: { path: inDirs(manifests.filter((m) => m.dir !== ws.dir && !ws.declares.includes(m.name)).map((m) => m.dir)) },
    })),
    {
      name: 'no-relative-across-workspaces',
      severity: 'error',
      comment: "A relative path into another folder of the repository: import the workspace by its package name (its package.json `exports` are its doors).",
      from: { path: '^([^/]+)/' },
      // jest.config.base.js: the repository's shared Jest settings, extended by each workspace's config.
      to: { pathNot: ['^$1/', '^jest\\.config\\.base\\.js$'], dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    ...layers.map((dir, i) => ({
      name: `layering(${dir})`,
      severity: 'error',
      comment: `contract <- exercise-format <- db <- grader <- exercises: ${dir}/ may not import a layer above it, the site or the end-to-end tests.`,
      from: { path: `^${dir}/` },
      to: { path: inDirs([...layers.slice(i + 1), 'web', 'e2e']) },
    })),
    {
      name: 'contract-imports-only-zod',
      severity: 'error',
      comment: 'The results contract is shared by server and browser: it imports zod and itself, nothing else (not even node built-ins).',
      from: { path: '^contract/src/' },
      to: { pathNot: ['^contract/src/', '^node_modules/zod/'] },
    },
    {
      name: 'exercises-through-content-doors',
      severity: 'error',
      comment: 'Exercise content sees the grader only as at run time: the check library (@tyinglab/grader/checks) and the probe kit (@tyinglab/grader/probe-kit).',
      from: { path: '^exercises/' },
      to: { path: '^grader/', pathNot: '^grader/src/(checks|probe-kit)/' },
    },
    {
      name: 'exercise-folders-self-contained',
      severity: 'error',
      comment: 'An exercise folder is loaded on its own (sandbox, browser bundle): it may not import another exercise.',
      from: { path: '^exercises/([^/]+)/' },
      to: { path: '^exercises/', pathNot: '^exercises/$1/' },
    },
    {
      name: 'web-gets-grader-types-only',
      severity: 'error',
      comment:
        'The site takes only types from the grader (the browser worker protocol, the probe kit): no grader code reaches its server. ' +
        'Its tests may use the check library (@tyinglab/grader is a devDependency): they render what real checks produce.',
      from: { path: '^web/', pathNot: TESTS },
      to: { path: '^grader/', pathNot: '^grader/src/(browser/worker-protocol\\.ts$|probe-kit/)' },
    },
    {
      name: 'web-gets-grader-types-only(type imports)',
      severity: 'error',
      comment: 'The site imports grader modules with `import type` only (its tests excepted, as above).',
      from: { path: '^web/', pathNot: TESTS },
      to: { path: '^grader/', preCompilationOnly: false },
    },
    {
      name: 'web-through-db-data-door',
      severity: 'error',
      comment: 'The site uses the data functions (@tyinglab/db), never the raw client or the test helpers.',
      from: { path: '^web/', pathNot: TESTS },
      to: { path: '^prisma/', pathNot: ['^prisma/src/index\\.ts$'] },
    },
    {
      name: 'web-tests-through-db-doors',
      severity: 'error',
      comment: "The site's tests may also use the test helpers (@tyinglab/db/testing) and the client (to count real queries), never db internals.",
      from: { path: '^web/.*\\.test\\.tsx?$' },
      to: { path: '^prisma/', pathNot: ['^prisma/src/index\\.ts$', '^prisma/src/testing\\.ts$', '^prisma/src/client\\.ts$'] },
    },
    {
      name: 'db-testing-only-in-tests',
      severity: 'error',
      comment: '@tyinglab/db/testing (throwaway databases) is for tests only.',
      from: { pathNot: [TESTS, '^prisma/'] },
      to: { path: '^prisma/src/testing\\.ts$' },
    },
    {
      name: 'nothing-imports-web-or-e2e',
      severity: 'error',
      comment: 'The site and the end-to-end tests are leaves: nothing outside each imports it (the tests drive the site over HTTP).',
      from: { path: '^([^/]+)/' },
      to: { path: inDirs(['web', 'e2e']), pathNot: '^$1/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Build output and generated code are not ours to check (generated Prisma clients, Next output).
    exclude: { path: ['(^|/)(dist|\\.next|\\.turbo|public|test-results|playwright-report)/', '(^|/)generated/'] },
    tsPreCompilationDeps: 'specify',
    // The site's `@/…` paths (see that file for why not the tsConfig option).
    webpackConfig: { fileName: '.dependency-cruiser-resolve.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
