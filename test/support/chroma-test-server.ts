import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { GuardedProcess } from './guarded-process';

/** A throw-away Chroma server: its data directory goes when it stops. */
export interface ChromaTestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  process: GuardedProcess;
}

/** How long a fresh Chroma takes to answer its heartbeat on this machine is ~1 s; 30 s leaves room for a busy CI. */
const START_TIMEOUT_MS = 30_000;

/**
 * Starts `chroma run` (the server inside the `chromadb` npm package, through its CLI) on a free port of
 * 127.0.0.1, with its data in a new directory under `parent`.
 */
export async function startChromaServer(parent: string): Promise<ChromaTestServer> {
  const cli = chromaCliPath();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const directory = await mkdtemp(join(parent, 'chroma-'));
    const server = GuardedProcess.start({
      name: 'chroma',
      command: process.execPath,
      args: [cli, 'run', '--path', join(directory, 'data'), '--host', '127.0.0.1', '--port', String(port)],
      directory,
      stopSignal: 'KILL',
      // Nothing of a test run is worth reporting anywhere.
      env: { ...process.env, ANONYMIZED_TELEMETRY: 'False' },
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (server.isRunning() && Date.now() < deadline) {
      if (await answersHeartbeat(url)) return { url, process: server };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.stop();
    // Another process may have taken the port between freePort() and the bind: try another one.
    if (/address already in use|addrinuse/i.test(server.output()) && attempt < 3) continue;
    throw new Error(
      `chroma did not start on port ${port} within ${START_TIMEOUT_MS / 1000} s. ` +
        'Is the chromadb package installed, with the native binding package.json pins (overrides)?\n' +
        server.output(),
    );
  }
}

/**
 * Registers beforeAll/afterAll hooks that give the file's tests a Chroma server: TEST_CHROMA_URL when set (a
 * developer's own server), else a throw-away one. Read `url` inside tests or hooks, not at load time.
 */
export function useChromaServer(): { readonly url: string } {
  let started: ChromaTestServer | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    if (process.env.TEST_CHROMA_URL) {
      url = process.env.TEST_CHROMA_URL;
      return;
    }
    started = await startChromaServer(process.env.RELAIS_TEST_TMP ?? tmpdir());
    url = started.url;
  }, START_TIMEOUT_MS * 2);
  afterAll(async () => {
    await started?.process.stop();
    started = undefined;
  });
  return {
    get url() {
      if (!url) throw new Error('useChromaServer(): the server is only there inside tests and their hooks');
      return url;
    },
  };
}

/** The `chroma` bin of the chromadb package (its package.json is not exported, its CommonJS entry is). */
function chromaCliPath(): string {
  const cli = join(dirname(require.resolve('chromadb')), '..', 'cli.mjs');
  if (!existsSync(cli)) throw new Error(`The chromadb package has no CLI at ${cli}: was its layout changed?`);
  return cli;
}

async function answersHeartbeat(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    // Not listening yet: the caller polls again.
    return false;
  }
}
