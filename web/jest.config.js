/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.config.base.js'),
  roots: ['<rootDir>/src'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
};
