import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-errors';

export const DEFAULT_GATEWAY_URL = 'http://localhost:3000';
/** Where the one-command start stores the bootstrap admin token (relative to the working directory). */
const LOCAL_ADMIN_TOKEN_FILE = 'data/admin-token';

/** Which gateway to call and with which token; `tokenSource` says where the token came from, for error messages. */
export interface GatewayConnection {
  /** Without a trailing slash. */
  url: string;
  token: string | null;
  tokenSource: string | null;
}

/** What the global options gave (undefined when absent). */
export interface ConnectionOptions {
  url?: string;
  token?: string;
}

/**
 * The connection from the options, then the environment: URL from --url, RELAIS_URL, else localhost:3000;
 * token from --token, RELAIS_TOKEN, the file RELAIS_TOKEN_FILE names, else ./data/admin-token when present.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): GatewayConnection {
  const url = gatewayUrlOf(options.url ?? nonEmpty(env.RELAIS_URL) ?? DEFAULT_GATEWAY_URL);
  if (options.token !== undefined) return { url, token: tokenOf(options.token, '--token'), tokenSource: '--token' };
  const fromEnv = nonEmpty(env.RELAIS_TOKEN);
  if (fromEnv) return { url, token: fromEnv.trim(), tokenSource: 'RELAIS_TOKEN' };
  const tokenFile = nonEmpty(env.RELAIS_TOKEN_FILE);
  if (tokenFile) {
    const source = `RELAIS_TOKEN_FILE (${tokenFile})`;
    return {
      url,
      token: tokenOf(readTokenFile(resolve(cwd, tokenFile), 'RELAIS_TOKEN_FILE'), source),
      tokenSource: source,
    };
  }
  const localFile = resolve(cwd, LOCAL_ADMIN_TOKEN_FILE);
  if (existsSync(localFile)) {
    const source = `./${LOCAL_ADMIN_TOKEN_FILE}`;
    return { url, token: tokenOf(readTokenFile(localFile, source), source), tokenSource: source };
  }
  return { url, token: null, tokenSource: null };
}

function gatewayUrlOf(raw: string): string {
  if (!URL.canParse(raw)) {
    throw new UsageError(`The gateway URL "${raw}" is not a URL (expected e.g. ${DEFAULT_GATEWAY_URL}).`);
  }
  const parsed = new URL(raw);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`The gateway URL "${raw}" must start with http:// or https://.`);
  }
  return parsed.href.replace(/\/+$/, '');
}

function readTokenFile(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`The token file ${name} (${path}) cannot be read (${code}).`);
  }
}

function tokenOf(raw: string, source: string): string {
  const token = raw.trim();
  if (!token) throw new UsageError(`The token from ${source} is empty.`);
  return token;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}
