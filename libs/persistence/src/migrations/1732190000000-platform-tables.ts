import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * flow_runs, step_runs, run_logs, deployments, artifacts. Written with TypeORM's schema API so the same
 * migration runs on SQLite and MySQL; only the size of large text columns differs (MySQL TEXT stops at 64 KB).
 */
export class PlatformTables1732190000000 implements MigrationInterface {
  name = 'PlatformTables1732190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const largeText = queryRunner.dataSource.driver.options.type === 'mysql' ? 'longtext' : 'text';
    const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
    const text = (name: string, nullable = true, type = 'text'): TableColumnOptions => ({
      name,
      type,
      isNullable: nullable,
    });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'flow_runs',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('flow_name', 100),
          str('queue', 50),
          str('state', 20),
          text('parameters', false, largeText),
          text('result', true, largeText),
          text('error', true, largeText),
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'max_attempts', type: 'int' },
          { name: 'progress', type: 'int', default: 0 },
          str('progress_message', 500, true),
          str('deployment_name', 100, true),
          str('parent_run_id', 36, true),
          str('idempotency_key', 200, true),
          str('job_id', 100),
          str('triggered_by', 20),
          str('worker_id', 100, true),
          ms('created_at'),
          ms('updated_at'),
          ms('started_at', true),
          ms('ended_at', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_flow_runs_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_flow_runs_state_created', columnNames: ['state', 'created_at'] }),
          new TableIndex({ name: 'idx_flow_runs_flow_created', columnNames: ['flow_name', 'created_at'] }),
          new TableIndex({ name: 'idx_flow_runs_deployment_created', columnNames: ['deployment_name', 'created_at'] }),
          new TableIndex({ name: 'idx_flow_runs_parent', columnNames: ['parent_run_id'] }),
          new TableIndex({ name: 'uq_flow_runs_idempotency_key', columnNames: ['idempotency_key'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'step_runs',
        columns: [
          { ...str('run_id', 36), isPrimary: true },
          { ...str('step_key', 200), isPrimary: true },
          str('name', 200),
          str('state', 20),
          text('result', true, largeText),
          text('error'),
          { name: 'attempt', type: 'int' },
          ms('started_at'),
          ms('ended_at', true),
          { name: 'duration_ms', type: 'int', isNullable: true },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'run_logs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('run_id', 36),
          str('level', 10),
          text('message', false),
          str('step', 200, true),
          ms('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_run_logs_run', columnNames: ['run_id', 'id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'deployments',
        columns: [
          { ...str('name', 100), isPrimary: true },
          str('flow_name', 100),
          text('description', false),
          text('parameters', false),
          str('schedule_cron', 100, true),
          str('schedule_timezone', 64, true),
          ms('schedule_every_ms', true),
          { name: 'paused', type: 'smallint', default: 0 },
          text('tags', false),
          { name: 'in_catalogue', type: 'smallint', default: 1 },
          ms('last_run_at', true),
          str('last_run_id', 36, true),
          ms('next_run_at', true),
          ms('created_at'),
          ms('updated_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'artifacts',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('run_id', 36),
          str('kind', 20),
          str('key', 200),
          text('content', false, largeText),
          ms('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_artifacts_run', columnNames: ['run_id'] }),
          new TableIndex({ name: 'idx_artifacts_key_created', columnNames: ['key', 'created_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['artifacts', 'deployments', 'run_logs', 'step_runs', 'flow_runs']) {
      await queryRunner.dropTable(table, true);
    }
  }
}
