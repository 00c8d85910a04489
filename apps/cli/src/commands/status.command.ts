import type { Command } from 'commander';
import { contextOf } from '../cli-context';
import { ApiRequestError } from '../cli-errors';
import type { HealthReport } from '@relais/contracts/api/api-types';
import type { WhoAmI } from '../gateway/relais-api.client';
import type { TerminalStyle } from '../output/terminal-style';

interface StatusReport {
  url: string;
  health: HealthReport;
  whoami: WhoAmI;
}

/**
 * `relais status`: is the gateway up, are its dependencies, and who the token is. Exits 4 for a refused token
 * and 7 when a dependency is down, so it doubles as a probe for scripts.
 */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description("the gateway's health (Redis, database) and who the token belongs to")
    .action(async (_options: unknown, command: Command) => {
      const { api, output, connection } = contextOf(command);
      let unhealthy: ApiRequestError | null = null;
      let health: HealthReport;
      try {
        health = await api.health();
      } catch (error) {
        // The health route answers 503 with the same report when a dependency is down: show it, then fail.
        if (!(error instanceof ApiRequestError) || error.status !== 503 || !error.body) throw error;
        unhealthy = error;
        health = error.body as unknown as HealthReport;
      }
      const whoami = await api.whoami();
      const report: StatusReport = { url: api.url, health, whoami };
      output.result(report, (status) => renderStatus(status, connection.tokenSource, output.style));
      if (unhealthy) throw unhealthy;
    });
}

function renderStatus(status: StatusReport, tokenSource: string | null, style: TerminalStyle): string {
  const verdict = (up: boolean, message?: string): string =>
    up ? style.green('ok') : style.red(`down${message ? ` (${message})` : ''}`);
  const lines: [string, string][] = [['Gateway', `${status.url} ${verdict(status.health.status === 'ok')}`]];
  for (const [dependency, state] of Object.entries(status.health.details)) {
    lines.push([capitalise(dependency), verdict(state.status === 'up', state.message)]);
  }
  lines.push(['Token', `${status.whoami.name} (${status.whoami.role})${tokenSource ? `, from ${tokenSource}` : ''}`]);
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
