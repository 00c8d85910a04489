import type { Command } from 'commander';
import { contextOf } from '../cli-context';
import { renderFlows } from '../views/flow.views';

/** `relais flow ls`. */
export function registerFlowCommands(program: Command): void {
  const flow = program.command('flow').description('the flows the gateway can start');
  flow
    .command('ls')
    .description('list flows with their queue, attempts, timeout and parameters (* = required)')
    .action(async (_options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.flows(), renderFlows);
    });
}
