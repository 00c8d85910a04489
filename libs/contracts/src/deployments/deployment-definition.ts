/** When a deployment fires: a cron expression in a time zone, or a fixed interval. */
export type DeploymentSchedule = { cron: string; timezone?: string } | { everyMs: number };

/**
 * What a deployment does with the firings it missed (every replica down, or the one holding its trigger dead),
 * as Kubernetes CronJobs' startingDeadlineSeconds and Prefect's catch-up let you choose:
 * - `skip` (the default): missed slots are dropped; firing goes on from the next slot to come. For work that
 *   only matters now (a health check, a poll).
 * - `fire_once`: one run for the whole missed period (never one per missed slot), then the next slot as usual.
 *   For work whose every period must be covered at least once (a daily report, a sync).
 */
export type DeploymentCatchUp = 'skip' | 'fire_once';

/** The catch-up policies, for validation. */
export const DEPLOYMENT_CATCH_UPS: readonly DeploymentCatchUp[] = ['skip', 'fire_once'];

/** A named flow + default parameters + optional schedule, defined in code and synced into the database. */
export interface DeploymentDefinition {
  /** Unique, kebab-case: what `relais deployment run NAME` takes. */
  name: string;
  flow: string;
  description: string;
  parameters: Record<string, unknown>;
  schedule?: DeploymentSchedule;
  /**
   * What to do with missed firings (a firing counts as missed once more than 5 s late): `skip` (default) or
   * `fire_once`. See DeploymentCatchUp.
   */
  catchUp?: DeploymentCatchUp;
  /** Only applies when the deployment is first created; after that the database's paused flag rules. */
  pausedByDefault?: boolean;
  tags: string[];
}
