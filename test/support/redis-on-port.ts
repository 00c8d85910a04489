import { Redis } from 'ioredis';
import { GuardedProcess } from './guarded-process';
import { testTempDir, waitFor } from './test-env';

/** A throw-away redis-server on `port` (a fixed port, so that it can come back where an app looks). */
export async function startRedisOn(port: number): Promise<GuardedProcess> {
  const redis = GuardedProcess.start({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    directory: await testTempDir('redis-'),
    stopSignal: 'KILL',
  });
  const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await waitFor(
      () =>
        probe.ping().then(
          () => true,
          () => false,
        ),
      { message: `redis-server on port ${port}` },
    );
  } finally {
    probe.disconnect();
  }
  return redis;
}
