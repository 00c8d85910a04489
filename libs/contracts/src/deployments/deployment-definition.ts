/** When a deployment fires: a cron expression in a time zone, or a fixed interval. */
export type DeploymentSchedule = { cron: string; timezone?: string } | { everyMs: number };

/** A named flow + default parameters + optional schedule, defined in code and synced into the database. */
export interface DeploymentDefinition {
  /** Unique, kebab-case: what `relais deployment run NAME` takes. */
  name: string;
  flow: string;
  description: string;
  parameters: Record<string, unknown>;
  schedule?: DeploymentSchedule;
  /** Only applies when the deployment is first created; after that the database's paused flag rules. */
  pausedByDefault?: boolean;
  tags: string[];
}
