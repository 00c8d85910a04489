import { Command } from 'commander';
import { registerDeploymentCommands } from './commands/deployment.command';
import { registerDpgfCommand } from './commands/dpgf.command';
import { registerFlowRunCommands } from './commands/flow-run.command';
import { registerFlowCommands } from './commands/flow.command';
import { registerNotificationCommands } from './commands/notification.command';
import { registerRunCommand } from './commands/run.command';
import { registerStatusCommand } from './commands/status.command';
import { registerTokenCommands } from './commands/token.command';
import { DEFAULT_GATEWAY_URL } from './gateway/gateway-connection';

const EXIT_CODES_HELP = `
Exit codes:
  0  done (a watched run COMPLETED)
  1  a watched run ended FAILED, CRASHED or CANCELLED
  2  bad arguments, or the gateway rejected them (400)
  3  the gateway is unreachable
  4  the token is missing, wrong or revoked (401) or not allowed (403)
  5  not found (404)
  6  conflict with the current state (409)
  7  the gateway failed (5xx), rate-limited (429) or answered something unexpected
  8  unexpected error in the CLI
  130 interrupted (Ctrl-C) while watching; the run goes on`;

/**
 * The `relais` command line. Plain commander, not Nest: the CLI is a thin HTTP client of the gateway's REST API
 * with no providers to inject and no lifecycle; booting a Nest context would only add start-up time to every
 * command, and importing the engine would drag TypeORM, BullMQ and Redis onto machines that only need the URL.
 */
export function buildProgram(version: string): Command {
  const program = new Command('relais')
    .description('Start, watch and manage Relais flows, runs, deployments and tokens over the REST API.')
    .version(version, '-V, --version')
    .option('--url <url>', `the gateway's URL (env RELAIS_URL; default ${DEFAULT_GATEWAY_URL})`)
    .option(
      '--token <token>',
      'API token (env RELAIS_TOKEN, or the file named by RELAIS_TOKEN_FILE, or ./data/admin-token)',
    )
    .option('--json', "print the API's JSON (one document) instead of tables, for scripts")
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError()
    // Commander exits 1 on bad usage; main turns its errors into exit code 2 (1 means "the run failed").
    .exitOverride();
  registerDeploymentCommands(program);
  registerDpgfCommand(program);
  registerFlowCommands(program);
  registerFlowRunCommands(program);
  registerRunCommand(program);
  registerTokenCommands(program);
  registerStatusCommand(program);
  registerNotificationCommands(program);
  return program;
}
