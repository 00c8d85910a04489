/**
 * Injection token of the deployment definitions a process syncs into the database: `DEPLOYMENT_CATALOGUE` in
 * production, a test's own list in tests.
 */
export const DEPLOYMENT_DEFINITIONS = Symbol('DEPLOYMENT_DEFINITIONS');
