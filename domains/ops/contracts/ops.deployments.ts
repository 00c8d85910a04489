import { HEALTH_CHECK_FLOW } from './health-check.contract';
import type { DeploymentDefinition } from '@relais/contracts';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Health checks promised by the DoctorPy and DontREADME seeds (hourly, every 15 min at 70, detailed every 6 h). */
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
];
