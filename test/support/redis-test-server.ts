import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
import { GuardedProcess } from './guarded-process';

/** A throw-away Redis server: nothing is saved, everything goes when it stops. */
export interface RedisTestServer {
  url: string;
  process: GuardedProcess;
}

/** Starts `redis-server` on a free port of 127.0.0.1, with its files in a new directory under `parent`. */
export async function startRedisServer(parent: string): Promise<RedisTestServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const directory = await mkdtemp(join(parent, 'redis-'));
    const server = GuardedProcess.start({
      name: 'redis-server',
      command: 'redis-server',
      args: Object.entries({
        port: String(port),
        bind: '127.0.0.1',
        dir: directory,
        save: '',
        appendonly: 'no',
        daemonize: 'no',
        loglevel: 'warning',
      }).flatMap(([option, value]) => [`--${option}`, value]),
      directory,
      stopSignal: 'KILL',
    });
    const deadline = Date.now() + 10_000;
    while (server.isRunning() && Date.now() < deadline) {
      if (await answersPing(port)) return { url: `redis://127.0.0.1:${port}`, process: server };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.stop();
    // Another process may have taken the port between freePort() and the bind: try another one.
    if (/address already in use/i.test(server.output()) && attempt < 3) continue;
    throw new Error(
      `redis-server did not start on port ${port} within 10 s. Is it installed (apt-get install redis-server)?\n${server.output()}`,
    );
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => {
      finish(false);
    });
    socket.on('error', () => {
      finish(false);
    });
    socket.on('connect', () => {
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
