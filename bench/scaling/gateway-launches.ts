import { spawn, type ChildProcess } from 'node:child_process';
import { heapArguments } from '../../scripts/supervisor/heap-limits';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port';
import { processCpuMs } from './process-cpu';

/** A flow every gateway knows (the ops domain's); its runs are only recorded and queued here, none is run. */
const FLOW = 'ops.health-check';

export interface GatewayStep {
  gateways: number;
  /** Launches accepted (201/200) per second, through all the gateways together. */
  launchesPerSecond: number;
  /** CPU of each gateway process during the launches, in % of one core. */
  gatewayCpuPercent: number[];
  /** Launches refused or failed (should be 0). */
  errors: number;
  load: number;
}

/**
 * The launch path: `gateways` gateway processes on one Redis and one database, and `launches` POST
 * /api/flows/ops.health-check/runs sent round-robin to them with `inFlight` requests outstanding at a time.
 */
export async function measureGatewayLaunches(
  gateways: number,
  launches: number,
  inFlight: number,
  env: Record<string, string>,
  loadAverage: () => number,
): Promise<GatewayStep> {
  const token = `relais_bench_${randomBytes(24).toString('base64url')}`;
  const started = await Promise.all(
    Array.from({ length: gateways }, async () => {
      const port = await freePort();
      const gatewayEnv = {
        ...env,
        GATEWAY_PORT: String(port),
        GATEWAY_HOST: '127.0.0.1',
        RELAIS_ADMIN_TOKEN: token,
        // The limiter stays on (its Redis round trip is part of every request), just out of the way.
        RATE_LIMIT_PER_MINUTE: '1000000',
      };
      return {
        url: `http://127.0.0.1:${port}`,
        process: startTsProcess('apps/gateway/src/main.ts', gatewayEnv, heapArguments('gateway', process.env)),
      };
    }),
  );
  try {
    await Promise.all(started.map((gateway) => waitForHealth(gateway.url, gateway.process)));
    const post = async (url: string): Promise<boolean> => {
      const response = await fetch(`${url}/api/flows/${FLOW}/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: {} }),
      });
      await response.arrayBuffer();
      return response.ok;
    };
    // Warm-up: JIT and connections of every gateway.
    await Promise.all(started.flatMap((gateway) => Array.from({ length: 50 }, () => post(gateway.url))));

    const cpuBefore = await Promise.all(started.map((gateway) => processCpuMs(gateway.process.pid ?? -1)));
    const startedAt = performance.now();
    let next = 0;
    let errors = 0;
    const client = async (): Promise<void> => {
      while (next < launches) {
        const url = started[next++ % started.length].url;
        if (!(await post(url).catch(() => false))) errors++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, client));
    const seconds = (performance.now() - startedAt) / 1000;
    const cpuAfter = await Promise.all(started.map((gateway) => processCpuMs(gateway.process.pid ?? -1)));
    return {
      gateways,
      launchesPerSecond: (launches - errors) / seconds,
      gatewayCpuPercent: cpuAfter.map((ms, i) => ((ms - cpuBefore[i]) / (seconds * 1000)) * 100),
      errors,
      load: loadAverage(),
    };
  } finally {
    await Promise.all(started.map((gateway) => stopProcess(gateway.process)));
  }
}

/** A Relais entry point run with ts-node (no build needed), as `npm start` would run it (with its heap limit). */
export function startTsProcess(
  entryPoint: string,
  env: Record<string, string>,
  nodeArguments: string[] = [],
): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      ...nodeArguments,
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, '../..', entryPoint),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`${entryPoint} exited with ${code}:\n${errors}`);
  });
  return child;
}

/** SIGTERM (a graceful stop), SIGKILL after 30 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The gateway on ${url} exited before it answered`);
    const ok = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`The gateway on ${url} did not answer within 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
