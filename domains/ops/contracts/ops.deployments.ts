import { HEALTH_CHECK_FLOW } from './health-check.contract';
import { DAILY_MAINTENANCE_FLOW, WEEKLY_MAINTENANCE_FLOW } from './maintenance.contract';
import type { DeploymentDefinition } from '@relais/contracts';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Health checks promised by the DoctorPy and DontREADME seeds (hourly, every 15 min at 70, detailed every 6 h),
 * and their maintenance (daily 03:00, weekly Sunday 04:00). Emergency maintenance and restores are manual.
 */
export const OPS_DEPLOYMENTS: DeploymentDefinition[] = [
  {
    name: 'hourly-health-check',
    flow: HEALTH_CHECK_FLOW.name,
    description: 'Hourly system health check (DoctorPy)',
    parameters: { alert_threshold: 70, detailed: false },
    schedule: { cron: '0 * * * *' },
    tags: ['ops', 'monitoring', 'doctorpy'],
  },
  {
    name: 'health-check-every-15min',
    flow: HEALTH_CHECK_FLOW.name,
    description: 'System health every 15 minutes, alert under 70 (DontREADME)',
    parameters: { alert_threshold: 70, detailed: false },
    schedule: { everyMs: FIFTEEN_MINUTES },
    tags: ['ops', 'monitoring', 'dontreadme'],
  },
  {
    name: 'detailed-health-check',
    flow: HEALTH_CHECK_FLOW.name,
    description: 'Detailed health check every 6 hours (DoctorPy)',
    parameters: { alert_threshold: 70, detailed: true },
    schedule: { cron: '0 */6 * * *' },
    tags: ['ops', 'monitoring', 'doctorpy'],
  },
  {
    name: 'daily-maintenance',
    flow: DAILY_MAINTENANCE_FLOW.name,
    description: 'Backup, retention, log archive, queue history and temp cleanup at 03:00 (DoctorPy, DontREADME)',
    parameters: { backup: true },
    schedule: { cron: '0 3 * * *' },
    tags: ['ops', 'maintenance'],
    // A missed night still needs its backup: one run for the missed period.
    catchUp: 'fire_once',
  },
  {
    name: 'weekly-maintenance',
    flow: WEEKLY_MAINTENANCE_FLOW.name,
    description: 'Database check, backup and optimisation on Sundays at 04:00 (DoctorPy)',
    parameters: { retention: false },
    schedule: { cron: '0 4 * * 0' },
    tags: ['ops', 'maintenance'],
    catchUp: 'fire_once',
  },
];
