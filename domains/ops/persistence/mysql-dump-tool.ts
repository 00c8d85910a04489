import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** The server's address and credentials from a `mysql://` URL, for its command-line tools. */
export interface MysqlServer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function mysqlServerOf(url: string): MysqlServer {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  };
}

/**
 * Runs a MySQL command-line tool against `server`. The password goes in MYSQL_PWD, never in the arguments a
 * `ps` would show; stderr is kept (bounded) for the error.
 */
function runTool(tool: string, server: MysqlServer, args: string[], signal?: AbortSignal) {
  return spawn(
    tool,
    [`--host=${server.host}`, `--port=${server.port}`, `--user=${server.user}`, '--protocol=TCP', ...args],
    { env: { ...process.env, MYSQL_PWD: server.password }, stdio: ['pipe', 'pipe', 'pipe'], signal },
  );
}

/** `mariadb-dump --single-transaction` of the database, as a stream of SQL. */
export function dumpWithTool(tool: string, server: MysqlServer, signal?: AbortSignal): Readable {
  const child = runTool(
    tool,
    server,
    ['--single-transaction', '--quick', '--skip-lock-tables', server.database],
    signal,
  );
  child.stdin.end();
  const stderr = boundedText(child.stderr);
  child.on('exit', (code) => {
    if (code !== 0) child.stdout.destroy(new Error(`${tool} exited with code ${code}: ${stderr()}`));
  });
  return child.stdout;
}

/** Feeds the gzipped SQL file to the `mariadb`/`mysql` client on database `database`. */
export async function restoreWithClient(
  tool: string,
  server: MysqlServer,
  database: string,
  file: string,
  signal?: AbortSignal,
): Promise<void> {
  const child = runTool(tool, server, [database], signal);
  const stderr = boundedText(child.stderr);
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await pipeline(createReadStream(file), createGunzip(), child.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`${tool} exited with code ${code}: ${stderr()}`);
}

function boundedText(stream: Readable): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    if (text.length < 2000) text += chunk.toString('utf8');
  });
  return () => text.slice(0, 2000).trim();
}
