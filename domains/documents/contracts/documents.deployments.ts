import type { DeploymentDefinition } from '@relais/contracts';
import { AUTOMATED_TESTS_FLOW } from './automated-tests.contract';
import { BATCH_FLOW } from './batch.contract';
import { CLEANUP_OLD_FILES_FLOW } from './cleanup-old-files.contract';
import { NIGHTLY_INBOX_FLOW } from './nightly-inbox.contract';
import { REGRESSION_TESTS_FLOW } from './regression-tests.contract';
import { SMOKE_TESTS_FLOW } from './smoke-tests.contract';
import { VECTOR_MAINTENANCE_FLOW } from './vector-maintenance.contract';
import { WEEKLY_MAINTENANCE_FLOW } from './weekly-maintenance.contract';

/**
 * The DontREADME seed's schedule (in RELAIS_TIMEZONE): the inbox at 02:00, smoke tests at 06:00, vector
 * maintenance Tuesday and Friday at 01:00, the automated tests Saturday at 04:00, the weekly maintenance Sunday at
 * 03:00; and the dashboard's quick actions (batch, cleanup preview, regression tests) on demand.
 */
export const DOCUMENTS_DEPLOYMENTS: DeploymentDefinition[] = [
  {
    name: 'documents-nightly-inbox',
    flow: NIGHTLY_INBOX_FLOW.name,
    description: 'New documents of the inbox, every night at 02:00',
    parameters: { watch_folder: 'inbox' },
    schedule: { cron: '0 2 * * *' },
    // Files left waiting by a missed night are worth one run when the platform is back.
    catchUp: 'fire_once',
    tags: ['documents', 'ingestion'],
  },
  {
    name: 'documents-smoke-tests',
    flow: SMOKE_TESTS_FLOW.name,
    description: 'Pipeline smoke test, every day at 06:00',
    parameters: {},
    schedule: { cron: '0 6 * * *' },
    tags: ['documents', 'tests'],
  },
  {
    name: 'documents-vector-maintenance',
    flow: VECTOR_MAINTENANCE_FLOW.name,
    description: 'Backup, verification and repair of the vector index, Tuesday and Friday at 01:00',
    parameters: { backup: true, optimize: true },
    schedule: { cron: '0 1 * * 2,5' },
    // A missed backup is made when the platform is back rather than three days later.
    catchUp: 'fire_once',
    tags: ['documents', 'maintenance'],
  },
  {
    name: 'documents-automated-tests',
    flow: AUTOMATED_TESTS_FLOW.name,
    description: 'The pipeline test suites, Saturday at 04:00',
    parameters: {},
    schedule: { cron: '0 4 * * 6' },
    tags: ['documents', 'tests'],
  },
  {
    name: 'documents-weekly-maintenance',
    flow: WEEKLY_MAINTENANCE_FLOW.name,
    description: 'Maintenance, cleanup of files older than 14 days, performance and health, Sunday at 03:00',
    parameters: { backup: true, cleanup_max_age_days: 14 },
    schedule: { cron: '0 3 * * 0' },
    catchUp: 'fire_once',
    tags: ['documents', 'maintenance'],
  },
  {
    name: 'documents-batch',
    flow: BATCH_FLOW.name,
    description: 'Ingest a folder on demand (the inbox by default): run it with --param folder=…',
    parameters: { folder: 'inbox', extensions: ['.pdf', '.docx', '.txt'] },
    tags: ['documents', 'ingestion', 'manual'],
  },
  {
    name: 'documents-cleanup-preview',
    flow: CLEANUP_OLD_FILES_FLOW.name,
    description: 'What a cleanup would delete (dry run); run it with --param dry_run=false to delete',
    parameters: { max_age_days: 7, dry_run: true },
    tags: ['documents', 'maintenance', 'manual'],
  },
  {
    name: 'documents-regression-tests',
    flow: REGRESSION_TESTS_FLOW.name,
    description: 'The pipeline tests compared with data/reports/baseline_test_report.json',
    parameters: { baseline_report: 'baseline_test_report.json' },
    tags: ['documents', 'tests', 'manual'],
  },
];
