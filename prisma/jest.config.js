module.exports = {
  ...require('../jest.config.base.js'),
  // Checks PostgreSQL once; under CI an unreachable server fails the run instead of skipping.
  globalSetup: '<rootDir>/src/jest-global-setup.ts',
  testTimeout: 60_000,
};
