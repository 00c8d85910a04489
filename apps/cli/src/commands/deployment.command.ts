import type { Command } from 'commander';
import type { DeploymentSummary } from '@relais/contracts/api/api-types';
import { contextOf, type CliContext } from '../cli-context';
import { UsageError } from '../cli-errors';
import { parseRunParameters } from '../params/parse-params';
import { renderAllDeploymentsChange, renderDeploymentChange, renderDeployments } from '../views/deployment.views';
import { reportStartedRun, withStartRunOptions, type StartRunOptions } from './run.command';

/** `relais deployment ls|run NAME|pause NAME|pause --all|resume NAME|resume --all`. */
export function registerDeploymentCommands(program: Command): void {
  const deployment = program
    .command('deployment')
    .description('named flows with default parameters and an optional schedule');

  deployment
    .command('ls')
    .description('list deployments with their schedule, status, next and last run')
    .action(async (_options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.deployments(), (deployments) => renderDeployments(deployments, output.style));
    });

  withStartRunOptions(
    deployment
      .command('run')
      .description("start a run of the deployment's flow now, --param overriding its default parameters")
      .argument('<name>', 'the deployment name (see: relais deployment ls)'),
  ).action(async (name: string, options: StartRunOptions, command: Command) => {
    const context = contextOf(command);
    const overrides = parseRunParameters(options.param, options.paramsJson);
    await reportStartedRun(context, await context.api.runDeployment(name, overrides), options);
  });

  for (const action of ['pause', 'resume'] as const) {
    deployment
      .command(action)
      .description(
        action === 'pause'
          ? "stop a deployment's schedule (runs already started go on); --all for every deployment"
          : "restart a deployment's schedule; --all for every one `pause --all` paused",
      )
      .argument('[name]', 'the deployment name')
      .option('-a, --all', `${action} every deployment`)
      .action(async (name: string | undefined, options: { all?: boolean }, command: Command) => {
        await changeSchedule(contextOf(command), action, name, Boolean(options.all));
      });
  }
}

async function changeSchedule(
  context: CliContext,
  action: 'pause' | 'resume',
  name: string | undefined,
  all: boolean,
): Promise<void> {
  const { api, output } = context;
  if (all === Boolean(name)) {
    throw new UsageError(
      `relais deployment ${action} takes either a deployment name or --all (not both, not neither).`,
    );
  }
  if (name) {
    const changed = action === 'pause' ? await api.pauseDeployment(name) : await api.resumeDeployment(name);
    output.result(changed, (deployment) => renderDeploymentChange(deployment, output.style));
    return;
  }
  // Read first only to say what changed: the gateway decides which deployments change.
  const before = output.json ? [] : await api.deployments();
  const changed = action === 'pause' ? await api.pauseAllDeployments() : await api.resumeAllDeployments();
  output.result(changed, (deployments: DeploymentSummary[]) =>
    [renderAllDeploymentsChange(action, before, deployments), renderDeployments(deployments, output.style)].join('\n'),
  );
}
