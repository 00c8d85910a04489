/** Which database the tests run on, from TEST_DB: `sqlite` (the default) or `mariadb`. */
export type TestDbKind = 'sqlite' | 'mariadb';

/** Reads TEST_DB; anything but sqlite, mariadb or nothing is a mistake worth stopping for. */
export function testDbKind(env: NodeJS.ProcessEnv = process.env): TestDbKind {
  const value = (env.TEST_DB ?? '').trim().toLowerCase();
  if (value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'mariadb') return 'mariadb';
  throw new Error(`TEST_DB must be sqlite or mariadb (got ${JSON.stringify(env.TEST_DB)})`);
}
