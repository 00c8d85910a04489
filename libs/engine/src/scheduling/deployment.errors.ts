import { RelaisError } from '@relais/contracts';

/** No deployment of that name in the database. */
export class DeploymentNotFoundError extends RelaisError {
  readonly kind = 'not_found';
  constructor(readonly deploymentName: string) {
    super(`Deployment "${deploymentName}" not found`);
    this.name = 'DeploymentNotFoundError';
  }
}

/**
 * A deployment definition of the code catalogue cannot be used (unknown flow, bad default parameters, bad
 * schedule). Raised when the catalogue is synced, so the process stops at start-up with the deployment named.
 */
export class InvalidDeploymentError extends Error {
  constructor(
    readonly deploymentName: string,
    problem: string,
    /** Bad default parameters, field → problems, when that is what is wrong. */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(`Deployment "${deploymentName}": ${problem}`);
    this.name = 'InvalidDeploymentError';
  }
}

/** Another replica held the schedules lock for longer than we could wait (it may have died holding it). */
export class SchedulesLockTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`Another scheduler held the deployment schedules lock for more than ${waitedMs} ms`);
    this.name = 'SchedulesLockTimeoutError';
  }
}
