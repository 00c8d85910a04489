/**
 * Jest for every test of the repository: unit tests next to the code (`*.spec.ts`) and cross-app tests in
 * test/ (`*.e2e-spec.ts`). globalSetup starts a throw-away Redis (and MariaDB when TEST_DB=mariadb); see
 * test/support/test-env.ts for what a test gets. `npm test` (scripts/test.sh) runs everything on both databases.
 *
 * @type {import('jest').Config}
 */
const databaseIndependentSuites = require('./test/support/database-independent-suites');

module.exports = {
  rootDir: __dirname,
  // Node, plus: what a test's apps log is printed only when that test fails (test/support/capturing-test.logger.ts).
  testEnvironment: '<rootDir>/test/support/log-capturing.environment.ts',
  testMatch: ['<rootDir>/{apps,libs,domains,test}/**/*.spec.ts', '<rootDir>/{apps,libs,domains,test}/**/*.e2e-spec.ts'],
  // apps/dashboard is a Vite app with its own package and Vitest unit tests (scripts/test.sh runs them too).
  // On a second database pass, the suites that do not depend on the database are left out (see that file).
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/dist/',
    '<rootDir>/apps/dashboard/',
    ...(process.env.TEST_SKIP_DATABASE_INDEPENDENT === '1' ? databaseIndependentSuites : []),
  ],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Transpile only (tsconfig.jest.json: isolatedModules): CI type-checks the whole project once (npm run typecheck);
  // type-checking each test file's imports again here cost more than half of the suite's time.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  // Every lib `@relais/<name>` lives in libs/<name>/src, as tsconfig.json's paths say: a new lib needs no edit here.
  // Domains live in domains/<name>, outside libs (they are not shared libraries).
  moduleNameMapper: {
    '^@relais/domains(/.*)?$': '<rootDir>/domains$1',
    '^@relais/([^/]+)(/.*)?$': '<rootDir>/libs/$1/src$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
};
