import 'reflect-metadata';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowRunRepository } from '@relais/persistence';
import { startRedisServer } from '../../../test/support/redis-test-server';
import { startBenchGateway } from '../bench-gateway';
import { seedRuns } from '../seed-runs';

async function main(): Promise<void> {
  const workdir = await mkdtemp(join(tmpdir(), 'probe-'));
  const redis = await startRedisServer(workdir);
  const token = 'relais_bench_' + 'x'.repeat(30);
  const gw = await startBenchGateway({ DATABASE_URL: `sqlite:${workdir}/p.sqlite`, REDIS_URL: redis.url, REDIS_PREFIX: 'p', RELAIS_DATA_DIR: workdir, RELAIS_ADMIN_TOKEN: token, RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' });
  const repo = gw.app.get(FlowRunRepository);
  await seedRuns(repo, Number(process.env.N ?? 100000), Date.now());
  const time = async (label: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await fn();
    const t = performance.now();
    for (let i = 0; i < 50; i++) await fn();
    console.log(label, ((performance.now() - t) / 50).toFixed(2), 'ms');
  };
  const h = { authorization: `Bearer ${token}` };
  await time('health', () => fetch(gw.url + '/api/health').then((r) => r.text()));
  await time('flows', () => fetch(gw.url + '/api/flows', { headers: h }).then((r) => r.text()));
  await time('runs', () => fetch(gw.url + '/api/runs?limit=50', { headers: h }).then((r) => r.text()));
  await time('repo', () => repo.list({ limit: 51 }));
  await time('runs limit=1', () => fetch(gw.url + '/api/runs?limit=1', { headers: h }).then((r) => r.text()));
  await gw.app.close();
  await redis.process.stop();
}
void main().then(() => process.exit(0));
