import type { Command } from 'commander';
import { resolveConnection, type ConnectionOptions, type GatewayConnection } from './gateway/gateway-connection';
import { RelaisApiClient } from './gateway/relais-api.client';
import { Output } from './output/output';

/** The global options every command accepts (see relais.program.ts). */
export interface GlobalOptions extends ConnectionOptions {
  json?: boolean;
}

/** What a command works with: the gateway client and where to write. */
export interface CliContext {
  connection: GatewayConnection;
  api: RelaisApiClient;
  output: Output;
}

/** The context from the global options as given on the command line, wherever they were placed. */
export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const connection = resolveConnection(options);
  return { connection, api: new RelaisApiClient(connection), output: new Output(Boolean(options.json)) };
}
