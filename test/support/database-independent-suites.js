/**
 * Suites whose subject is not the database: a browser, the CLI's parsing and exit codes, HTTP clients against
 * fakes, the crawler, Redis topologies, manifests and docs. They still run against
 * a real database (SQLite), but running them a second time on MariaDB tests nothing new and costs CI minutes.
 *
 * scripts/test.sh sets TEST_SKIP_DATABASE_INDEPENDENT=1 on every database pass after the first when it runs more
 * than one; asking for one database alone (TEST_DBS=mariadb) still runs everything on it.
 *
 * Keep a suite out of this list when it could fail on one database and not the other: anything that writes
 * runs, imports, manifests or notifications and reads them back belongs on both.
 */
module.exports = [
  '<rootDir>/test/cli/',
  '<rootDir>/test/dashboard/',
  '<rootDir>/test/docs/',
  '<rootDir>/test/gateway/keep-alive',
  '<rootDir>/test/integrations/',
  '<rootDir>/test/rag/knowledge-base',
  '<rootDir>/test/redis-ha/',
  '<rootDir>/test/start/(supervisor-banner|setup-progress|restart-policy|deployment-manifests)',
];
