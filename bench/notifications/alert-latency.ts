import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { RunState } from '@relais/contracts';
import {
  AlertEvaluationLoop,
  AlertEvaluator,
  AlertSourceReader,
  AlertStateStore,
  DeliveryDispatcher,
  DeliveryRepository,
  NotificationRepository,
  RuleRepository,
  WebhookChannel,
  type EvaluationLock,
} from '@relais/notifications';
import { endedRunRow, insertRunRows } from './seed-history';

/** The benchmark has no Redis: a lock that is always free (its cost, one SET NX and one EVAL, is left out). */
const NO_LOCK: EvaluationLock = {
  withLock: async (_name, _ttl, fn) => ({ acquired: true, value: await fn() }),
};

/**
 * Time from a run's failure being written to its alert reaching a webhook receiver on loopback, with the
 * evaluation loop every `intervalMs` and the dispatcher running: `samples` failures of distinct flows (so no
 * cooldown holds one back), written at random moments. Returns the latencies in milliseconds.
 */
export async function measureAlertLatency(
  dataSource: DataSource,
  samples: number,
  intervalMs: number,
): Promise<number[]> {
  const written = new Map<string, number>();
  const latencies: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; data: { run_id?: string } };
      const at = body.data.run_id ? written.get(body.data.run_id) : undefined;
      if (body.event === 'run.failed' && at !== undefined) latencies.push(performance.now() - at);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;

  // The timed passes ran on a simulated clock, ahead of this one: start again from the present.
  await dataSource.query('DELETE FROM notification_cursors');
  await dataSource.query('DELETE FROM flow_runs WHERE updated_at > ?', [Date.now()]);
  const notifications = new NotificationRepository(dataSource);
  const dispatcher = new DeliveryDispatcher(
    new DeliveryRepository(dataSource),
    notifications,
    [new WebhookChannel({ url, token: null, signingSecret: 'bench-signing-secret-0123' })],
    { timeoutMs: 5000, maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 5000, pollMs: 1000 },
    { redact: (text) => text },
  );
  const evaluator = new AlertEvaluator(
    new RuleRepository(dataSource),
    new AlertSourceReader(dataSource),
    new AlertStateStore(dataSource, notifications),
    notifications,
    { source: 'bench', overlapMs: 60_000 },
    () => ['webhook'],
    (text) => text,
    () => dispatcher.wake(),
  );
  const loop = new AlertEvaluationLoop(evaluator, NO_LOCK, intervalMs);
  dispatcher.start();
  loop.start();
  try {
    for (let i = 0; i < samples; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * intervalMs));
      const row = endedRunRow(`latency.flow-${i}`, RunState.FAILED, Date.now());
      written.set(row[0] as string, performance.now());
      await insertRunRows(dataSource, [row]);
    }
    const deadline = Date.now() + intervalMs * 3 + 10_000;
    while (latencies.length < samples && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await loop.stop();
    await dispatcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return latencies;
}
