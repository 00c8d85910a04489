import { HEALTH_CHECK_FLOW } from './health-check.contract';
import { DAILY_MAINTENANCE_FLOW, WEEKLY_MAINTENANCE_FLOW } from './maintenance.contract';
import { ANALYTICS_REPORT_FLOW, PERFORMANCE_MONITORING_FLOW } from './monitoring.contract';
import type { DeploymentDefinition } from '@relais/contracts';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Health checks promised by the DoctorPy and DontREADME seeds (hourly, every 15 min at 70, detailed every 6 h),
 * their maintenance (daily 03:00, weekly Sunday 04:00), analytics (daily 08:00, Monday 09:00, the 1st at 10:00) and
 * performance monitoring every 6 hours (a report series for its trends). Emergency maintenance, continuous
 * monitoring and restores are manual.
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
  {
    name: 'performance-monitoring',
    flow: PERFORMANCE_MONITORING_FLOW.name,
    description: 'Queues, durations, failure rates and system metrics every 6 hours, with trends (DontREADME)',
    parameters: { window_hours: 24 },
    schedule: { cron: '30 */6 * * *' },
    tags: ['ops', 'monitoring', 'dontreadme'],
  },
  ...(
    [
      ['daily', '0 8 * * *', 'Daily analytics report at 08:00 (DoctorPy)'],
      ['weekly', '0 9 * * 1', 'Weekly analytics report on Mondays at 09:00 (DoctorPy)'],
      ['monthly', '0 10 1 * *', 'Monthly analytics report on the 1st at 10:00 (DoctorPy)'],
    ] as const
  ).map(([period, cron, description]): DeploymentDefinition => ({
    name: `${period}-analytics-report`,
    flow: ANALYTICS_REPORT_FLOW.name,
    description,
    parameters: { period },
    schedule: { cron },
    tags: ['ops', 'analytics', 'doctorpy'],
    // Every period needs its report: one run for a missed one.
    catchUp: 'fire_once',
  })),
];
